"""When a partnership ends, the public side follows (issue #22): from the first day the
convention is no longer in force, the home page no longer presents the association (its
card, its permanence hours), nor the header its logo, nor the footer its line; the Ruche's
own offer and opening hours stay."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from partenariats.services.fin import mettre_fin
from permanences.models import Calendrier
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import CalendrierFactory, PermanenceFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

LOGO_PARTENAIRE = "/logos/entete/partenaire"
CARTE = 'aria-labelledby="offre-asso"'
PIED = "L'association A.V.A.Q.B-C y reçoit aussi le public."
HEURES = "Bénévoles de l'association, sur rendez-vous"


def test_the_home_page_stops_presenting_the_partner_from_the_end(client):
    partenaire = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C", en_convention=False)
    convention = ConventionFactory(debut=dt.date(2024, 1, 1), premiere_fin=dt.date(2024, 12, 31))
    PartieFactory(convention=convention, organisation=partenaire)
    aujourdhui = timezone.localdate()
    calendrier = CalendrierFactory(
        organisation=partenaire,
        annee=aujourdhui.year,
        semestre=1 if aujourdhui.month <= 6 else 2,
        statut=Calendrier.Statut.VALIDE,
    )
    PermanenceFactory(calendrier=calendrier, jour_semaine=1)

    page = client.get("/").content.decode()
    assert CARTE in page and PIED in page and HEURES in page
    assert LOGO_PARTENAIRE in page

    # The end is recorded today, from tomorrow: today the partner is still presented.
    mettre_fin(
        convention=convention,
        par=PersonnelFactory(),
        resilier_le=aujourdhui + dt.timedelta(days=1),
        motif_resiliation="L'association cesse ses activités.",
    )
    assert CARTE in client.get("/").content.decode()
    # The next day, with no write in between (the caches are kept at the data's version).
    demain = timezone.localtime() + dt.timedelta(days=1)
    with time_machine.travel(demain.replace(hour=10), tick=False):
        page = client.get("/").content.decode()
    for absent in (CARTE, PIED, HEURES, LOGO_PARTENAIRE):
        assert absent not in page
    # The Ruche's own offer, its hours and its logo stay.
    assert 'aria-labelledby="offre-ruche"' in page and "Heures d'ouverture" in page
    assert "/logos/entete/ruche" in page


def test_the_booking_list_stops_listing_the_partners_services_from_the_end(client):
    from django.urls import reverse

    from tests.partenariats.factories import RucheFactory
    from tests.permanences.factories import DemarcheFactory, occurrence_pour

    partenaire = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C", en_convention=False)
    convention = ConventionFactory(debut=dt.date(2024, 1, 1), premiere_fin=dt.date(2024, 12, 31))
    PartieFactory(convention=convention, organisation=partenaire)
    retraite = DemarcheFactory(nom="Préparer sa retraite", slug="retraite")
    occurrence_pour(retraite, organisation=partenaire)
    accueil = DemarcheFactory(nom="Aide aux démarches en ligne", slug="aide")
    occurrence_pour(accueil, organisation=RucheFactory())
    liste = reverse("permanences:demarches")
    page = client.get(liste).content.decode()
    assert "Préparer sa retraite" in page and "Aide aux démarches en ligne" in page

    aujourdhui = timezone.localdate()
    mettre_fin(
        convention=convention,
        par=PersonnelFactory(),
        resilier_le=aujourdhui + dt.timedelta(days=1),
        motif_resiliation="L'association cesse ses activités.",
    )
    assert "Préparer sa retraite" in client.get(liste).content.decode()
    # From the first day no longer in force, with no write in between: only the Ruche's.
    demain = timezone.localtime() + dt.timedelta(days=1)
    with time_machine.travel(demain.replace(hour=10), tick=False):
        page = client.get(liste).content.decode()
    assert "Préparer sa retraite" not in page
    assert "Aide aux démarches en ligne" in page
