"""The health page the proxy or the monitor polls: /sante/."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruche.courriels import envoyer
from ruche.models import Travailleur
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
    assert corps["travailleur"] == {"statut": "ok", "dernier_signe_secondes": 0}
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
    assert response.json() == {"statut": "en panne", "base_de_donnees": "injoignable"}


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
