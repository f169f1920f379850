"""The health page the proxy or the monitor polls: /sante/."""

import subprocess
from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruche.courriels import envoyer
from ruche.models import Travailleur
from ruche.models.taches import TACHE_SMS
from ruche.services.taches import signaler_pouls

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def un_courriel():
    envoyer(to="awa.diallo@exemple.fr", template="ruche/courriels/test", context={"nom": "Awa"})


def test_without_a_queue_process_the_page_says_all_is_well(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["statut"] == "ok"
    assert response.json()["travailleur"]["statut"] == "sans objet"
    assert response["Cache-Control"].startswith("max-age=0")
    assert not response.cookies


def test_a_beating_worker_and_a_moving_queue_answer_200(client, db_queue):
    signaler_pouls("travailleur-1")
    un_courriel()
    response = client.get("/sante/")
    assert response.status_code == 200
    corps = response.json()
    assert corps["travailleur"]["statut"] == "ok"
    assert corps["raisons"] == []
    assert corps["file"]["statut"] == "ok"
    assert "awa" not in response.content.decode().lower()


def test_no_worker_answers_503(client, db_queue):
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["travailleur"]["statut"] == "absent"


def test_a_silent_worker_answers_503(client, settings, db_queue):
    signaler_pouls("travailleur-1")
    Travailleur.objects.update(
        pouls=timezone.now() - timedelta(seconds=settings.TACHES_TRAVAILLEUR_PERDU_SECONDES + 5)
    )
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["travailleur"]["statut"] == "silencieux"


def test_a_task_waiting_too_long_answers_503(client, settings, db_queue):
    signaler_pouls("travailleur-1")
    un_courriel()
    attente = settings.SANTE_ATTENTE_MAX_SECONDES + 60
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=attente))
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["file"]["statut"] == "bloquee"
    assert response.json()["file"]["attente_secondes"] >= attente


def test_a_task_planned_for_later_is_not_a_stuck_queue(client, db_queue):
    signaler_pouls("travailleur-1")
    un_courriel()
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - timedelta(days=1),
        run_after=timezone.now() + timedelta(hours=1),
    )
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["file"]["attente_secondes"] == 0


def test_an_unreachable_database_answers_503(client, monkeypatch):
    def panne():
        raise DatabaseError("connexion refusée")

    monkeypatch.setattr("ruche.views.etat_file", panne)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {
        "statut": "en panne",
        "raisons": ["La base de données ne répond pas."],
        "base_de_donnees": "injoignable",
    }


def test_the_page_is_cheap_and_answers_over_plain_http(
    client, settings, db_queue, django_assert_max_num_queries
):
    settings.SECURE_SSL_REDIRECT = True
    signaler_pouls("travailleur-1")
    with django_assert_max_num_queries(5):
        response = client.get("/sante/")
    assert response.status_code == 200
    assert client.get("/").status_code == 301
    assert client.post("/sante/").status_code == 405


def test_a_worker_elsewhere_is_silent_after_two_missed_beats(client, settings, db_queue):
    """No process number to check on another machine: two beats missed are enough."""
    signaler_pouls("ailleurs")
    Travailleur.objects.update(machine="autre-machine", pid=1)
    Travailleur.objects.update(
        pouls=timezone.now() - timedelta(seconds=2 * settings.TACHES_POULS_SECONDES + 6)
    )
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["travailleur"]["statut"] == "silencieux"
    assert "ne donne plus signe de vie" in response.json()["raisons"][0]


def test_a_worker_of_this_machine_whose_process_is_gone_is_stopped(client, db_queue):
    signaler_pouls("ici")
    fini = subprocess.Popen(["true"])
    fini.wait()  # a process number no process holds any more
    Travailleur.objects.update(pid=fini.pid)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["travailleur"]["statut"] == "arrêté"


def tentative(*, resultat, il_y_a, chemin="ruche.courriels.envoyer_courriel"):
    maintenant = timezone.now()
    return DBTaskResult.objects.create(
        task_path=chemin,
        args_kwargs={"args": [], "kwargs": {}},
        status="SUCCESSFUL",
        return_value=resultat,
        enqueued_at=maintenant - il_y_a,
        started_at=maintenant - il_y_a,
        finished_at=maintenant - il_y_a,
        backend_name="default",
        queue_name="default",
    )


def test_failing_attempts_with_none_sent_since_answer_503(client, settings, db_queue):
    signaler_pouls("travailleur-1")
    limite = timedelta(seconds=settings.SANTE_ENVOIS_MAX_SECONDES)
    tentative(resultat="envoyé", il_y_a=limite * 3)
    tentative(resultat="reporté", il_y_a=limite * 2)
    tentative(resultat="reporté", il_y_a=limite / 2)
    response = client.get("/sante/")
    assert response.status_code == 503
    fichier = response.json()["file"]
    assert fichier["statut"] == "en echec" and fichier["tentatives_echouees"] == 2
    assert fichier["echecs_depuis_secondes"] >= limite.total_seconds() * 2


def test_a_failure_followed_by_a_send_or_too_old_is_no_alarm(client, settings, db_queue):
    signaler_pouls("travailleur-1")
    limite = timedelta(seconds=settings.SANTE_ENVOIS_MAX_SECONDES)
    tentative(resultat="reporté", il_y_a=timedelta(hours=3))
    tentative(resultat="reporté", il_y_a=limite * 2)
    tentative(resultat="envoyé", il_y_a=limite)
    # A text message failing does not hide behind a mail sent: each channel apart.
    tentative(resultat="reporté", il_y_a=limite / 2, chemin=TACHE_SMS)
    response = client.get("/sante/")
    assert response.status_code == 200, response.json()
    assert response.json()["file"]["tentatives_echouees"] == 1


def test_a_send_running_too_long_answers_503(client, settings, db_queue):
    signaler_pouls("travailleur-1")
    un_courriel()
    DBTaskResult.objects.update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(seconds=settings.SANTE_ENVOIS_MAX_SECONDES + 5),
        worker_ids=["travailleur-1"],
    )
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["file"]["statut"] == "envoi bloque"
