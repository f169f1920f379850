"""Races on PostgreSQL with real threads: a slot, a workshop place, a reminder, never twice."""

import contextlib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from permanences.antiabus import fabriquer_jeton
from permanences.creneaux import Creneau
from permanences.models import Inscription, Rappel, RendezVous
from permanences.services.ateliers import inscrire
from permanences.services.rappels import envoyer_rappels
from permanences.services.rendezvous import CreneauPris, reserver_rendez_vous
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    RendezVousFactory,
    occurrence_pour,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def en_meme_temps(count, work):
    """Runs work(i) in `count` threads released together; returns results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_people_confirm_the_same_slot_one_gets_it():
    demarche = DemarcheFactory(slug="titre-de-sejour")
    occurrence = occurrence_pour(demarche)

    def book(i):
        return reserver_rendez_vous(
            occurrence=occurrence,
            demarche=demarche,
            debut=occurrence.debut,
            nom=f"Personne {i}",
            telephone="0612345678",
        )

    for _ in range(3):
        results = en_meme_temps(2, book)
        won = [r for r in results if isinstance(r, RendezVous)]
        lost = [r for r in results if isinstance(r, CreneauPris)]
        assert len(won) == 1 and len(lost) == 1, results
        assert "Quelqu'un vient de prendre cette heure." in lost[0].messages
        assert RendezVous.objects.actifs().count() == 1
        RendezVous.objects.update(statut=RendezVous.Statut.ANNULE_HABITANT)


def test_two_browsers_post_the_same_slot_the_loser_sees_the_next_free_slots(settings):
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    demarche = DemarcheFactory(slug="titre-de-sejour")
    occurrence = occurrence_pour(demarche)
    valeur = Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur
    url = f"/rendez-vous/{demarche.slug}/reserver/"

    def post(i):
        return Client().post(
            url,
            {
                "creneau": valeur,
                "nom": f"Personne {i}",
                "telephone": "06 12 34 56 78",
                "accepte": "on",
                "jeton": fabriquer_jeton(),
            },
        )

    responses = en_meme_temps(2, post)
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], codes
    loser = next(r for r in responses if r.status_code == 409)
    page = loser.content.decode()
    assert "Quelqu&#x27;un vient de prendre cette heure." in page
    # The next free hours are offered in the same form, with what the loser typed kept.
    assert "Choisissez une autre heure" in page and 'name="creneau"' in page
    assert 'value="Personne ' in page
    assert RendezVous.objects.count() == 1


def test_workshop_never_over_capacity():
    atelier = AtelierFactory(capacite=3)

    def register(i):
        return inscrire(atelier=atelier, nom=f"Personne {i}", email=f"p{i}@exemple.fr")

    results = en_meme_temps(8, register)
    assert all(isinstance(r, Inscription) for r in results), results
    statuses = list(Inscription.objects.values_list("statut", flat=True))
    assert statuses.count(Inscription.Statut.INSCRIT) == 3
    waiting = Inscription.objects.filter(statut=Inscription.Statut.EN_ATTENTE)
    assert sorted(waiting.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_two_workers_send_each_reminder_once(settings):
    settings.RAPPELS_RENDEZ_VOUS = ["J-2@09:00", "J-0@08:00"]
    demarche = DemarcheFactory(slug="retraite")
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=2))
    rdvs = [
        RendezVousFactory(
            occurrence=occurrence,
            demarche=demarche,
            debut=occurrence.debut + timedelta(minutes=45 * k),
            cree_le=timezone.now() - timedelta(days=10),
        )
        for k in range(3)
    ]
    due = occurrence.debut - timedelta(days=2) + timedelta(hours=1)  # J-2 at 10:00
    results = en_meme_temps(2, lambda i: envoyer_rappels(maintenant=due))
    assert sum(results) == 3, results
    assert Rappel.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in rdvs)


def test_two_bookings_of_one_demarche_in_two_sessions_at_once_both_leave_its_free_slots():
    """Each booking computes its démarche's free slots again in its transaction: the second
    one waits for the first one's commit before computing them, so the summary it leaves
    (row and cache, at the version readers see) lacks neither booking. Before, both computed
    at once, each without the other's booking, and the last one's summary offered the first
    one's time for up to an hour."""
    from permanences.services import disponibilites

    demarche = DemarcheFactory()
    premiere = occurrence_pour(demarche)
    seances = [premiere, occurrence_pour(demarche, jour=premiere.date + timedelta(days=1))]
    ensemble = threading.Barrier(2)
    calculer = disponibilites._creneaux_publics

    def calculer_ensemble(*args, **kwargs):
        creneaux = calculer(*args, **kwargs)
        # Both computed before either commits, unless one waits for the other.
        with contextlib.suppress(threading.BrokenBarrierError):
            ensemble.wait(timeout=2)
        return creneaux

    def reserver(i):
        return reserver_rendez_vous(
            occurrence=seances[i],
            demarche=demarche,
            debut=seances[i].debut,
            nom=f"Résidente {i}",
            telephone="0612345678",
        )

    with mock.patch.object(disponibilites, "_creneaux_publics", calculer_ensemble):
        resultats = en_meme_temps(2, reserver)
    assert all(isinstance(r, RendezVous) for r in resultats), resultats
    libres = {
        (cle, debut) for cle, debut, _fin in disponibilites.creneaux_publics(demarche=demarche)
    }
    for seance in seances:
        assert (seance.pk, int(seance.debut.timestamp())) not in libres
