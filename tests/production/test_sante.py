"""/sante/ against real `db_worker` processes: a worker killed with SIGKILL, a mail server that
never answers. The monitor must hear of it, with the reason, not a minute or a day later."""

import os
import signal
import time

import pytest
from django.db import connection

from ruche.courriels import envoyer
from tests.production.outils import (
    PYTHON,
    Processus,
    attendre,
    environnement,
    url_base,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def file_de_taches(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def worker(tmp_path, **variables):
    return Processus(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        env=environnement(database_url=url_base(connection), **variables),
        journal=tmp_path / "db_worker.log",
    )


def sante(client):
    reponse = client.get("/sante/")
    return reponse.status_code, reponse.json()


def un_courriel():
    envoyer(to="awa.diallo@exemple.fr", template="ruche/courriels/test", context={"nom": "Awa"})


def test_a_worker_killed_is_reported_at_the_next_request(
    client, file_de_taches, tmp_path, record_property
):
    processus = worker(tmp_path, EMAIL_URL="consolemail://")
    try:
        attendre(lambda: sante(client)[0] == 200, quoi="le processus de la file vivant")
        os.kill(processus.popen.pid, signal.SIGKILL)
        tue = time.monotonic()
        processus.popen.wait(60)
        statut, corps = sante(client)
        record_property("mesure:503 après SIGKILL (s)", round(time.monotonic() - tue, 2))
    finally:
        processus.arreter()
    assert statut == 503, corps
    assert corps["travailleur"]["statut"] == "arrêté"
    assert corps["raisons"] == [
        f"Le processus de la file (db_worker) s'est arrêté : processus {processus.popen.pid} "
        "disparu."
    ]


def test_attempts_failing_on_a_mute_mail_server_answer_503(
    client, settings, file_de_taches, serveur_muet, tmp_path
):
    settings.SANTE_ENVOIS_MAX_SECONDES = 2
    un_courriel()
    processus = worker(tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{serveur_muet.port}/?timeout=1")
    try:
        statut, corps = attendre(
            lambda: (etat := sante(client))[1].get("file", {}).get("statut") == "en echec" and etat,
            quoi="/sante/ : envois en échec",
        )
    finally:
        processus.arreter()
    assert statut == 503
    assert corps["travailleur"]["statut"] == "ok"
    assert corps["file"]["tentatives_echouees"] == 1
    assert corps["raisons"][0].startswith("Les envois échouent depuis ")
    # The next attempt is planned a minute later: nothing waits past its time.
    assert corps["file"]["attente_secondes"] == 0


def test_a_send_hanging_on_a_mute_mail_server_answers_503(
    client, settings, file_de_taches, serveur_muet, tmp_path
):
    settings.SANTE_ENVOIS_MAX_SECONDES = 2
    un_courriel()
    processus = worker(tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{serveur_muet.port}/?timeout=600")
    try:
        assert serveur_muet.connecte.wait(90), "the worker never reached SMTP"
        statut, corps = attendre(
            lambda: (
                (etat := sante(client))[1].get("file", {}).get("statut") == "envoi bloque" and etat
            ),
            quoi="/sante/ : envoi bloqué",
        )
    finally:
        processus.arreter()
    assert statut == 503
    assert corps["travailleur"]["statut"] == "ok"
    assert "le serveur de courriel ou de SMS ne répond pas" in corps["raisons"][0]
