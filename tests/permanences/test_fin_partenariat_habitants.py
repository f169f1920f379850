"""After a partnership ends, a resident whose appointment is cancelled is told what to do
instead (issue #22): another time for the same démarche where someone still holds it, else
the place's other démarches for the same need that have free slots, never a link to a list
with nothing left; and always the place's phone, address and opening hours."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from partenariats.services.fin import mettre_fin
from permanences.models import Demarche
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.models import HoraireOuverture
from ruche.sms import MemoryBackend
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.permanences.factories import DemarcheFactory, le_lieu_par_defaut, occurrence_pour, paris
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fin_novembre():
    with time_machine.travel(paris(2026, 11, 26, 10), tick=False):
        yield


@pytest.fixture
def lieu():
    lieu = le_lieu_par_defaut()
    lieu.telephone = "04 66 89 00 00"
    lieu.save()
    HoraireOuverture.objects.filter(lieu=lieu).delete()
    for jour in range(5):
        HoraireOuverture.objects.create(lieu=lieu, jour=jour, debut=dt.time(9), fin=dt.time(17))
    return lieu


def reserver(occurrence, demarche, email, telephone):
    jour = occurrence.date
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=paris(jour.year, jour.month, jour.day, 9),
        nom="Awa Diallo",
        langue="fr",
        email=email,
        telephone=telephone,
    )


def test_the_end_notice_says_what_to_do_instead_not_an_empty_list(
    lieu, django_capture_on_commit_callbacks
):
    partenaire = OrganisationFactory(nom="Association des quartiers", en_convention=False)
    convention = ConventionFactory(debut=dt.date(2024, 1, 1), premiere_fin=dt.date(2024, 12, 31))
    PartieFactory(convention=convention, organisation=partenaire)
    ruche = RucheFactory()
    # Held by the partner only: nothing left once it ends.
    titre = DemarcheFactory(slug="titre-de-sejour", nom="Renouvellement de titre de séjour")
    # The same need, which the Ruche's own agents hold too.
    premiere = DemarcheFactory(
        slug="premiere-demande", nom="Première demande de titre de séjour", theme=titre.theme
    )
    # Another need, with free slots: not offered instead.
    retraite = DemarcheFactory(
        slug="retraite", nom="Ouvrir mes droits à la retraite", theme=Demarche.Theme.RETRAITE
    )
    jour_partenaire, jour_ruche = dt.date(2026, 12, 10), dt.date(2026, 12, 8)
    occurrence_titre = occurrence_pour(titre, jour=jour_partenaire, organisation=partenaire)
    occurrence_premiere = occurrence_pour(premiere, jour=jour_partenaire, organisation=partenaire)
    occurrence_pour(premiere, jour=jour_ruche, organisation=ruche)
    occurrence_pour(retraite, jour=jour_ruche, organisation=ruche)

    with django_capture_on_commit_callbacks(execute=True):
        sans_suite = reserver(occurrence_titre, titre, "awa@exemple.fr", "0611111111")
        avec_suite = reserver(occurrence_premiere, premiere, "bruno@exemple.fr", "0622222222")
    mail.outbox.clear()
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mettre_fin(
            convention=convention,
            par=PersonnelFactory(),
            resilier_le=dt.date(2026, 12, 1),
            motif_resiliation="L'association cesse ses activités.",
        )

    (awa,) = [m for m in mail.outbox if m.to == ["awa@exemple.fr"]]
    assert sans_suite.secret not in awa.body  # its démarche has no slot left
    assert "Choisir un autre moment" not in awa.body
    assert "Pour le même besoin, vous pouvez prendre rendez-vous pour :" in awa.body
    assert "  * Première demande de titre de séjour\n    http" in awa.body
    assert "/rendez-vous/premiere-demande/" in awa.body
    assert "retraite" not in awa.body
    assert "appelez-nous au 04 66 89 00 00" in awa.body
    assert "Du lundi au vendredi, de 09:00 à 17:00." in awa.body
    assert lieu.adresse_complete in awa.body
    (sms_awa,) = [texte for numero, texte in MemoryBackend.outbox if numero == "0611111111"]
    assert "appelez-nous au 04 66 89 00 00" in sms_awa and "http" not in sms_awa

    # The Ruche still holds the other démarche: another time for it, by the booking's link.
    (bruno,) = [m for m in mail.outbox if m.to == ["bruno@exemple.fr"]]
    assert "Choisir un autre moment :" in bruno.body and avec_suite.secret in bruno.body
    assert "appelez-nous au 04 66 89 00 00" in bruno.body
