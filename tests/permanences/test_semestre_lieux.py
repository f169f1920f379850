"""A semester calendar is an organisation's at one place: with conventions at two places,
the volunteer chooses the place, and drafts with that place's rooms and démarches."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from permanences.models import Calendrier, Salle
from permanences.services.semestre import lieux_du_calendrier, preparer_calendrier
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.permanences.factories import DemarcheFactory
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_lieux():
    ville = RucheFactory(nom="Agglomération")
    partenaire = OrganisationFactory(nom="Association des quartiers", en_convention=False)
    lieux = [lieu_principal(), Lieu.objects.create(nom="France Services Pont", slug="pont")]
    for lieu in lieux:
        Salle.objects.create(nom="Salle Cèze", capacite=8, lieu=lieu)
        DemarcheFactory(lieu=lieu, nom=f"Retraite à {lieu.nom}", slug=f"retraite-{lieu.pk}")
        convention = ConventionFactory(lieu=lieu, titre=f"Convention {lieu.nom}")
        PartieFactory(convention=convention, organisation=partenaire, ordre=1)
        PartieFactory(convention=convention, organisation=ville, ordre=2)
    return lieux, BenevoleFactory(organisation=partenaire)


def test_with_one_place_the_calendar_is_that_place_s_as_before(benevole):
    calendrier = preparer_calendrier(
        organisation=benevole.organisation, annee=2030, semestre=1, par=benevole
    )
    assert calendrier.lieu == lieu_principal()


def test_each_place_has_its_own_calendar_of_the_semester(deux_lieux):
    (a, b), benevole = deux_lieux
    organisation = benevole.organisation
    assert lieux_du_calendrier(organisation) == sorted([a, b], key=lambda lieu: lieu.nom)
    with pytest.raises(ValidationError, match="Choisissez le lieu"):
        preparer_calendrier(organisation=organisation, annee=2030, semestre=1, par=benevole)
    de_a = preparer_calendrier(
        organisation=organisation, annee=2030, semestre=1, par=benevole, lieu=a
    )
    de_b = preparer_calendrier(
        organisation=organisation, annee=2030, semestre=1, par=benevole, lieu=b
    )
    assert de_a != de_b and (de_a.lieu, de_b.lieu) == (a, b)
    assert de_b == preparer_calendrier(
        organisation=organisation, annee=2030, semestre=1, par=benevole, lieu=b
    )
    ailleurs = Lieu.objects.create(nom="Sans convention", slug="sans-convention")
    with pytest.raises(ValidationError, match="Aucune convention avec ce lieu"):
        preparer_calendrier(
            organisation=organisation, annee=2030, semestre=1, par=benevole, lieu=ailleurs
        )


@time_machine.travel("2029-11-15 10:00 +01:00", tick=False)
def test_the_volunteer_chooses_the_place_and_sees_its_rooms_only(client, deux_lieux):
    (a, b), benevole = deux_lieux
    client.force_login(benevole)
    page = client.get(reverse("permanences:calendriers")).content.decode()
    assert a.nom in page and "France Services Pont" in page
    assert client.post(reverse("permanences:calendriers")).status_code == 302
    assert not Calendrier.objects.exists()  # no place chosen: nothing made
    for mauvais in ("abc", "999999"):
        reponse = client.post(reverse("permanences:calendriers"), {"lieu": mauvais})
        assert reponse.status_code == 302 and not Calendrier.objects.exists()
    reponse = client.post(reverse("permanences:calendriers"), {"lieu": b.pk})
    calendrier = Calendrier.objects.get()
    assert calendrier.lieu == b and (calendrier.annee, calendrier.semestre) == (2030, 1)
    brouillon = client.get(reponse.url)
    assert "France Services Pont" in brouillon.content.decode()
    form = brouillon.context["form"]
    assert [salle.lieu for salle in form.fields["salle"].queryset] == [b]
    assert [d.lieu for d in form.fields["demarches"].queryset] == [b]
    # A's room of the same name is refused, even posted by hand.
    salle_a = Salle.objects.get(lieu=a)
    reponse = client.post(
        reponse.url,
        {
            "action": "ajouter",
            "jour_semaine": 1,
            "heure_debut": "09:00",
            "heure_fin": "12:00",
            "salle": salle_a.pk,
            "accueil": "les_deux",
        },
    )
    assert reponse.status_code == 200 and not calendrier.permanences.exists()
    liste = client.get(reverse("permanences:calendriers")).content.decode()
    assert "Ouvrir ce calendrier" in liste and "Préparer ce calendrier" in liste
