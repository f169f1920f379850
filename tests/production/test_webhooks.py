"""Webhooks as production sends them: real `manage.py db_worker` processes, one killed while
it waits for the partner's answer, a partner endpoint (local HTTP server) that fails at first
and checks every signature with the `standardwebhooks` package. Every event arrives at least
once; a receiver that dedups by `webhook-id` sees each exactly once."""

import datetime as dt
import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from passerelles.models import Evenement, Livraison
from permanences.services.rendezvous import reserver_rendez_vous
from tests.partenariats.factories import OrganisationFactory
from tests.passerelles.conftest import abonner
from tests.passerelles.recepteur import Recepteur
from tests.permanences.factories import DemarcheFactory, occurrence_pour
from tests.production.outils import RACINE, attendre, environnement, url_base

pytestmark = pytest.mark.django_db(transaction=True)

EVENEMENTS = 12
ERREURS = 3  # the endpoint's first answers are 500: retried with a growing delay
RETENUE = 6  # the request held until the worker waiting for its answer is killed
BORNE_SECONDES = 120


@pytest.fixture
def file_de_taches(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.WEBHOOKS_LOCAL_AUTORISE = True


def worker(identifiant, env):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.2",
            "--worker-id",
            identifiant,
        ],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_every_event_reaches_the_partner_at_least_once_across_a_killed_worker(file_de_taches):
    association = OrganisationFactory(nom="Association des Aidants du Gard")
    demarche = DemarcheFactory(slug="retraite", nom="Analyse de vos revenus", duree_minutes=15)
    occurrence = occurrence_pour(demarche, organisation=association)
    env = environnement(
        database_url=url_base(connection),
        WEBHOOKS_LOCAL_AUTORISE="true",
        WEBHOOKS_DELAI_INITIAL_SECONDES="1",
        # The killed worker must still be waiting for the held answer.
        WEBHOOKS_DELAI_REPONSE_SECONDES="300",
        TACHES_POULS_SECONDES="0.5",
        EMAIL_URL="consolemail://",
        SMS_BACKEND="ruche.sms.ConsoleBackend",
    )
    with Recepteur(erreurs=ERREURS, retenir=RETENUE) as recepteur:
        _abonnement, secret = abonner(recepteur.url, organisation=association)
        recepteur.secrets.append(secret)
        for rang in range(EVENEMENTS):
            reserver_rendez_vous(
                occurrence=occurrence,
                demarche=demarche,
                debut=occurrence.debut + dt.timedelta(minutes=15 * rang),
                nom=f"Habitant {rang}",
                email=f"habitant{rang}@exemple.fr",
            )
        assert Livraison.objects.count() == EVENEMENTS  # written with the bookings

        premier = worker("tue-en-route", env)
        try:
            attendre(
                lambda: recepteur.retenue.is_set() or premier.poll() is not None,
                delai=BORNE_SECONDES,
                quoi="the held request",
            )
            assert recepteur.retenue.is_set(), "the worker stopped before the held request"
        finally:
            os.kill(premier.pid, signal.SIGKILL)
            premier.wait(BORNE_SECONDES)
        recepteur.liberer()

        suivant = worker("suivant", env)
        try:
            attendre(
                lambda: not Livraison.objects.exclude(statut=Livraison.Statut.REUSSIE).exists(),
                delai=BORNE_SECONDES,
                quoi="every delivery received",
            )
        finally:
            suivant.send_signal(signal.SIGTERM)
            suivant.wait(BORNE_SECONDES)

    recus = recepteur.recus
    doublons = recepteur.doublons
    tentatives = sum(Livraison.objects.values_list("tentatives", flat=True))
    print(
        f"\nwebhooks: {Evenement.objects.count()} événements, {Livraison.objects.count()} "
        f"livraisons, {len(recus)} requêtes reçues, {ERREURS} réessais après une erreur, "
        f"{doublons} doublon(s) vu(s) par le récepteur, {tentatives} tentatives enregistrées"
    )
    assert all(valide for _i, _corps, valide in recus)  # every signature checks out
    assert Evenement.objects.count() == EVENEMENTS
    assert len(recepteur.dedoublonnes()) == EVENEMENTS  # each event once after dedup
    assert {c["data"]["rendez_vous"] for c in recepteur.dedoublonnes()} == set(
        Evenement.objects.values_list("donnees__rendez_vous", flat=True)
    )
    # The held delivery was received, then sent again by the next worker: at least once.
    assert doublons == 1
    assert len(recus) == EVENEMENTS + ERREURS + doublons
    # The killed attempt was never recorded (its transaction died with the worker).
    assert tentatives == EVENEMENTS + ERREURS
