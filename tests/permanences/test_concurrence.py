"""Two volunteers clicking at the same moment never book one room twice (PostgreSQL)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from permanences.models import Occurrence, ReservationSalle
from permanences.services.calendrier import reserver_permanence_ponctuelle
from permanences.services.salles import SallePrise
from tests.permanences.factories import SalleFactory, paris
from tests.ruche.factories import BenevoleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

THREADS = 8


def test_concurrent_bookings_of_one_room_give_exactly_one_booking():
    salle = SalleFactory(nom="Salle Cèze")
    volunteers = [BenevoleFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def book(index):
        volunteer = volunteers[index]
        try:
            barrier.wait(timeout=30)
            reserver_permanence_ponctuelle(
                organisation=volunteer.organisation,
                salle=salle,
                date=dt.date(2026, 12, 3),
                # Every request overlaps every other one: 14:00–16:00, 14:05–16:05...
                heure_debut=dt.time(14, 5 * index),
                heure_fin=dt.time(16, 5 * index),
                demarches=[],
                intervenants=[volunteer],
                par=volunteer,
            )
            results[index] = "réservée"
        except SallePrise as exc:
            results[index] = exc.message_dict["salle"][0]
        except Exception as exc:  # noqa: BLE001 - any other error is the failure we look for
            results[index] = repr(exc)
        finally:
            connection.close()

    with time_machine.travel(paris(2026, 11, 26, 10)):
        threads = [threading.Thread(target=book, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert results.count("réservée") == 1, results
    assert results.count("Cette salle est déjà réservée sur ce créneau.") == THREADS - 1, results
    assert ReservationSalle.objects.actives().filter(salle=salle).count() == 1
    assert Occurrence.objects.count() == 1
