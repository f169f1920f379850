"""Earlier times under races, on PostgreSQL with real threads: two runs of the periodic task
alert each resident once; two residents tapping the same earlier time, one gets it."""

from datetime import time, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from permanences.models import DemandePlusTot, RendezVous
from permanences.services.plus_tot import chercher_plus_tot, demander_plus_tot, prendre_plus_tot
from permanences.services.rendezvous import CreneauPris
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.permanences.test_concurrence_rendez_vous import en_meme_temps
from tests.permanences.test_plus_tot import a

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.fixture
def deux_qui_attendent():
    """Two residents booked in three weeks, both waiting; a free time in five days."""
    with time_machine.travel(a(timezone.localdate()), tick=False):
        demarche = DemarcheFactory(slug="titre-de-sejour")
        aujourdhui = timezone.localdate()
        loin = occurrence_pour(demarche, jour=aujourdhui + timedelta(days=21))
        rendez_vous = [
            RendezVousFactory(
                occurrence=loin, demarche=demarche, debut=loin.debut + timedelta(minutes=45 * i)
            )
            for i in range(2)
        ]
        for rdv in rendez_vous:
            demander_plus_tot(rendez_vous=rdv)
        plus_tot = occurrence_pour(demarche, jour=aujourdhui + timedelta(days=5), fin=time(10))
        yield rendez_vous, plus_tot


def test_two_runs_at_once_alert_each_resident_once(deux_qui_attendent):
    with time_machine.travel(a(timezone.localdate()), tick=False):
        resultats = en_meme_temps(2, lambda _i: chercher_plus_tot())
    assert sorted(resultats) == [0, 1], resultats
    assert sorted(DemandePlusTot.objects.values_list("alertes", flat=True)) == [0, 1]


def test_two_residents_tap_the_same_earlier_time_one_gets_it(deux_qui_attendent):
    rendez_vous, plus_tot = deux_qui_attendent

    def prendre(i):
        return prendre_plus_tot(
            rendez_vous=rendez_vous[i], occurrence=plus_tot, debut=plus_tot.debut
        )

    resultats = en_meme_temps(2, prendre)
    gagnants = [r for r in resultats if isinstance(r, RendezVous)]
    perdants = [r for r in resultats if isinstance(r, CreneauPris)]
    assert len(gagnants) == 1 and len(perdants) == 1, resultats
    assert RendezVous.objects.actifs().filter(occurrence=plus_tot).count() == 1
