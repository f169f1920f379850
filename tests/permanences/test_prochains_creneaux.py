"""The next free slots a resident is offered when the one they picked was just taken come
from the démarche's kept summary (CreneauxLibres), as the free-slot page's do: the same
answer as a search among the bookings, in one or two queries whatever their number."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permanences.models import Occurrence
from permanences.services.disponibilites import (
    chercher_prochains_creneaux,
    prochains_creneaux,
)
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.models import Fermeture
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


@pytest.fixture
def demarche():
    """Ten weeks of sessions, every other slot booked, a day closed and a session cancelled."""
    demarche = DemarcheFactory(slug="titre-de-sejour")
    aujourdhui = timezone.localdate()
    for jour in range(1, 70, 3):
        occurrence = occurrence_pour(demarche, jour=aujourdhui + timedelta(days=jour))
        if jour % 2:
            RendezVousFactory(occurrence=occurrence, demarche=demarche)
        if jour == 10:
            occurrence.statut = Occurrence.Statut.ANNULEE
            occurrence.motif_annulation = "Malade"
            occurrence.save()
    fermee = aujourdhui + timedelta(days=13)
    Fermeture.objects.create(debut=fermee, fin=fermee, motif="Travaux")
    return demarche


@pytest.mark.parametrize("nombre", [1, 6, 60])
def test_the_summary_gives_the_same_slots_as_the_search(demarche, nombre):
    maintenant = timezone.now()
    attendus = chercher_prochains_creneaux(demarche=demarche, nombre=nombre, maintenant=maintenant)
    assert len(attendus) == nombre
    assert prochains_creneaux(demarche=demarche, nombre=nombre, maintenant=maintenant) == attendus


def test_the_next_slots_after_a_booking_cost_the_same_queries_whatever_the_bookings(
    demarche, django_assert_max_num_queries
):
    premier = prochains_creneaux(demarche=demarche, nombre=1)[0]
    reserver_rendez_vous(
        occurrence=Occurrence.objects.get(pk=premier.cle),
        demarche=demarche,
        debut=premier.debut,
        nom="Awa Diallo",
        telephone="0612345678",
    )
    # The versions, then the summary the booking wrote (no search among the bookings).
    with django_assert_max_num_queries(2):
        suivants = prochains_creneaux(demarche=demarche, nombre=6)
    assert premier not in suivants
    assert suivants == chercher_prochains_creneaux(
        demarche=demarche, nombre=6, maintenant=timezone.now()
    )
