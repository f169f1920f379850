"""The extra permanences volunteers book belong to the place of their room: with two places,
the staff of that place see them (day page, day sheet, appointments, figures), the staff of
the other place do not. A weekly permanence of the calendar still belongs to the calendar's
place (its room is there too)."""

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from permanences.models import Occurrence, RendezVous, Salle
from permanences.services.calendrier import reserver_permanence_ponctuelle
from permanences.statistiques import rendez_vous_venus
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from ruche.periodes import Periode
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import DemarcheFactory, RendezVousFactory
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reseau():
    """The same association in convention at Bagnols and at Pont; an agent at each place; a
    volunteer books an extra permanence in Bagnols' room, with an appointment on it."""
    partenaire = OrganisationFactory(nom="Association des quartiers", sigle="AQ")
    bagnols = lieu_principal()
    pont = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    convention = ConventionFactory(lieu=pont)
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)
    salle = Salle.objects.create(nom="Salle Cèze", capacite=8, lieu=bagnols)
    demarche = DemarcheFactory(lieu=bagnols, slug="retraite", nom="Retraite à Bagnols")
    benevole = BenevoleFactory(organisation=partenaire)
    jour = timezone.localdate() + timedelta(days=3)
    occurrence = reserver_permanence_ponctuelle(
        organisation=partenaire,
        salle=salle,
        date=jour,
        heure_debut=time(14),
        heure_fin=time(17),
        demarches=[demarche],
        intervenants=[benevole],
        par=benevole,
    )
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    agents = {}
    for cle, lieu in (("bagnols", bagnols), ("pont", pont)):
        agents[cle] = PersonnelFactory(username=f"agent_{cle}")
        agents[cle].lieux.add(lieu)
    cache.clear()
    yield {
        "occurrence": occurrence,
        "rdv": rdv,
        "agents": agents,
        "benevole": benevole,
        "jour": jour,
    }
    cache.clear()


def test_the_place_of_an_extra_permanence_is_its_rooms(reseau):
    occurrence, rdv = reseau["occurrence"], reseau["rdv"]
    bagnols, pont = reseau["agents"]["bagnols"], reseau["agents"]["pont"]
    assert occurrence.permanence.calendrier_id is None
    assert list(Occurrence.objects.visibles_par(bagnols)) == [occurrence]
    assert not Occurrence.objects.visibles_par(pont).exists()
    assert list(RendezVous.objects.visibles_par(bagnols)) == [rdv]
    assert not RendezVous.objects.visibles_par(pont).exists()


def test_the_staff_of_the_rooms_place_see_it_in_the_space(client, reseau):
    occurrence, jour = reseau["occurrence"], reseau["jour"]
    jour_url = reverse("permanences:jour", kwargs={"jour": jour})
    feuille = reverse("permanences:feuille", kwargs={"pk": occurrence.pk})
    rendez_vous = reverse("permanences:espace_rendez_vous", kwargs={"pk": reseau["rdv"].pk})
    client.force_login(reseau["agents"]["bagnols"])
    assert "Retraite à Bagnols" in client.get(jour_url).content.decode()
    reponse = client.get(feuille)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert client.get(rendez_vous).status_code == 200
    client.force_login(reseau["agents"]["pont"])
    assert "Retraite à Bagnols" not in client.get(jour_url).content.decode()
    assert client.get(feuille).status_code == 404
    assert client.get(rendez_vous).status_code == 404


def test_its_appointments_count_at_the_rooms_place(reseau):
    rdv = reseau["rdv"]
    RendezVous.objects.filter(pk=rdv.pk).update(statut=RendezVous.Statut.VENU)
    lignes = rendez_vous_venus(Periode.annee(rdv.debut.year))
    assert [ligne.lieu_id for ligne in lignes] == [lieu_principal().pk]
