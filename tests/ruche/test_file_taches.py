"""The task queue as production runs it: a mail server that never answers, a worker killed
mid-task. These tests start real `manage.py db_worker` processes on the test database."""

import logging
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command, get_commands
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruche.courriels import envoyer
from ruche.models import Travailleur
from ruche.services.taches import (
    MAX_REPRISES,
    RECONNEXION_MAX_SECONDES,
    PanneDeBase,
    battre_le_pouls,
    repere_machine,
    reprendre_taches_abandonnees,
    reprendre_taches_du_travailleur,
)

# Every wait below is bounded: a worker that hangs fails the test instead of blocking it.
BORNE_SECONDES = 90


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def environnement_worker(**variables):
    """The environment of a production worker process pointed at the test database."""
    reglages = connection.settings_dict
    base = (
        f"postgres://{reglages['USER']}:{reglages['PASSWORD'] or ''}@"
        f"{reglages['HOST']}:{reglages['PORT']}/{reglages['NAME']}"
    )
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ENV_FILE": "/dev/null",
        "DEBUG": "false",
        "SITE_URL": "https://ruche.exemple.fr",
        "SECRET_KEY": "test-worker-secret-key-only-for-this-subprocess-0123456789abcdef",
        "DATABASE_URL": base,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        **variables,
    }


def commande_worker(*options):
    return [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", *options]


postgres_seulement = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="the worker processes share the test database (PostgreSQL in CI)",
)


def un_courriel():
    envoyer(to="habitant@exemple.fr", template="ruche/courriels/test", context={"nom": "X"})
    return DBTaskResult.objects.get()


def reglage_timeout(**variables):
    code = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "/dev/null",
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "ruche.settings",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=BORNE_SECONDES,
    )
    assert result.returncode == 0, result.stderr
    return float(result.stdout)


def test_mail_timeout_comes_from_the_url_or_its_own_variable_or_defaults_to_20():
    assert reglage_timeout(EMAIL_URL="smtp://relais.exemple.fr:25") == 20
    assert reglage_timeout(EMAIL_URL="smtp://relais.exemple.fr:25/?timeout=7") == 7
    assert reglage_timeout(EMAIL_URL="smtp://relais.exemple.fr:25", EMAIL_TIMEOUT="3.5") == 3.5


@postgres_seulement
@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_does_not_hold_the_worker(db_queue, serveur_muet):
    tache = un_courriel()
    result = subprocess.run(
        commande_worker("--batch"),
        cwd=django_settings.BASE_DIR,
        env=environnement_worker(EMAIL_URL=f"smtp://127.0.0.1:{serveur_muet.port}/?timeout=1"),
        capture_output=True,
        text=True,
        timeout=BORNE_SECONDES,
    )
    assert result.returncode == 0, result.stderr
    assert serveur_muet.connecte.is_set()
    tache.refresh_from_db()
    assert tache.status == "SUCCESSFUL" and tache.return_value == "reporté"
    # The mail waits in the queue for its second attempt, a minute later.
    suivante = DBTaskResult.objects.exclude(id=tache.id).get()
    assert suivante.status == "READY"
    assert suivante.args_kwargs["args"][1] == 2
    assert suivante.run_after > timezone.now()


@postgres_seulement
@pytest.mark.django_db(transaction=True)
def test_a_mail_whose_worker_is_killed_is_sent_by_the_next_worker(db_queue, serveur_muet):
    tache = un_courriel()
    # The first worker hangs inside the SMTP exchange (long timeout), and is killed there.
    processus = subprocess.Popen(
        commande_worker("--worker-id", "tue-en-route"),
        cwd=django_settings.BASE_DIR,
        env=environnement_worker(
            EMAIL_URL=f"smtp://127.0.0.1:{serveur_muet.port}/?timeout=600",
            TACHES_POULS_SECONDES="0.2",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert serveur_muet.connecte.wait(BORNE_SECONDES), "the worker never reached SMTP"
        tache.refresh_from_db()
        assert tache.status == "RUNNING" and tache.worker_ids == ["tue-en-route"]
        assert Travailleur.objects.filter(identifiant="tue-en-route").exists()
    finally:
        os.kill(processus.pid, signal.SIGKILL)
        processus.wait(BORNE_SECONDES)

    tache.refresh_from_db()
    assert tache.status == "RUNNING"  # what the dead worker left behind
    # Time passes: the dead worker's heartbeat is now older than the limit.
    limite = django_settings.TACHES_TRAVAILLEUR_PERDU_SECONDES
    Travailleur.objects.filter(identifiant="tue-en-route").update(
        pouls=timezone.now() - timedelta(seconds=limite + 1)
    )
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, worker_id="suivant", verbosity=0
    )

    tache.refresh_from_db()
    assert tache.status == "SUCCESSFUL" and tache.worker_ids == ["tue-en-route", "suivant"]
    assert [m.to for m in mail.outbox] == [["habitant@exemple.fr"]]
    assert not Travailleur.objects.exists()  # the dead one is forgotten, the finished one left


@postgres_seulement
@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_task_is_taken_back_at_once_on_the_same_machine(db_queue, serveur_muet):
    """Its process is gone from this machine: the next worker does not wait for the dead
    one's heartbeat to age (TACHES_TRAVAILLEUR_PERDU_SECONDES) before taking its task."""
    tache = un_courriel()
    processus = subprocess.Popen(
        commande_worker("--worker-id", "tue-en-route"),
        cwd=django_settings.BASE_DIR,
        env=environnement_worker(EMAIL_URL=f"smtp://127.0.0.1:{serveur_muet.port}/?timeout=600"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert serveur_muet.connecte.wait(BORNE_SECONDES), "the worker never reached SMTP"
    finally:
        os.kill(processus.pid, signal.SIGKILL)
        processus.wait(BORNE_SECONDES)
    mort = Travailleur.objects.get(identifiant="tue-en-route")
    assert mort.pouls > timezone.now() - timedelta(seconds=30)  # still fresh

    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, worker_id="suivant", verbosity=0
    )

    tache.refresh_from_db()
    assert tache.status == "SUCCESSFUL" and tache.worker_ids == ["tue-en-route", "suivant"]
    assert [m.to for m in mail.outbox] == [["habitant@exemple.fr"]]
    assert not Travailleur.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_fresh_heartbeat_from_elsewhere_is_trusted_whatever_its_process_number(db_queue):
    """Another machine or container (other mark) with a process number unknown here, or
    this machine with a living process: left alone until the heartbeat ages."""
    tache = un_courriel()
    envoyer(to="voisine@exemple.fr", template="ruche/courriels/test", context={"nom": "Y"})
    autre = DBTaskResult.objects.exclude(id=tache.id).get()
    Travailleur.objects.create(
        identifiant="ailleurs", machine="autre-machine", pid=2**22 + 1, pouls=timezone.now()
    )
    en_cours(tache, par=["ailleurs"])
    with battre_le_pouls("ici"):
        en_cours(autre, par=["ici"])
        assert reprendre_taches_abandonnees() == 0
    Travailleur.objects.filter(identifiant="ailleurs").update(machine=repere_machine())
    assert reprendre_taches_abandonnees() == 2  # "ici" stopped; "ailleurs" was from here


def en_cours(tache, *, par):
    DBTaskResult.objects.filter(id=tache.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=par
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_living_worker_is_left_alone(db_queue):
    tache = un_courriel()
    with battre_le_pouls("vivant"):
        en_cours(tache, par=["vivant"])
        assert reprendre_taches_abandonnees() == 0
    tache.refresh_from_db()
    assert tache.status == "RUNNING"
    # Once that worker is gone (no heartbeat row), its task goes back to the queue.
    assert reprendre_taches_abandonnees() == 1
    tache.refresh_from_db()
    assert tache.status == "READY"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_kills_its_worker_again_and_again_ends_failed(db_queue):
    tache = un_courriel()
    en_cours(tache, par=[f"mort-{n}" for n in range(MAX_REPRISES)])
    assert reprendre_taches_abandonnees() == 0
    tache.refresh_from_db()
    assert tache.status == "FAILED"
    assert tache.exception_class_path.endswith("TravailleurDisparu")


def test_db_worker_is_the_one_with_a_heartbeat():
    # `ruche` must stay listed before `django_tasks_db`, or the plain worker comes back.
    assert get_commands()["db_worker"] == "ruche"


@pytest.mark.django_db(transaction=True)
def test_after_an_outage_the_worker_puts_back_the_task_it_was_running(db_queue):
    """The database went away while the worker ran it: finished or not is unknown, so it
    goes back to the queue (at least once); another living worker's task stays."""
    mienne, autre = un_courriel(), un_courriel_de_plus()
    en_cours(mienne, par=["avant", "moi"])
    en_cours(autre, par=["moi", "autre"])
    assert reprendre_taches_du_travailleur("moi") == 1
    mienne.refresh_from_db()
    autre.refresh_from_db()
    assert (mienne.status, autre.status) == ("READY", "RUNNING")


def un_courriel_de_plus():
    envoyer(to="voisin@exemple.fr", template="ruche/courriels/test", context={"nom": "Y"})
    return DBTaskResult.objects.order_by("-enqueued_at").first()


@pytest.mark.django_db(transaction=True)
def test_an_outage_is_told_once_and_its_end_once(monkeypatch, caplog):
    """Each try to reach the database again waits longer (up to a bound); the log says when
    it went and when it came back, never once per try."""
    pauses = []
    monkeypatch.setattr("ruche.services.taches.time.sleep", pauses.append)
    essais = iter([OperationalError("refusée"), OperationalError("refusée"), None])

    def reprise():
        if erreur := next(essais):
            raise erreur

    panne = PanneDeBase()
    with caplog.at_level(logging.WARNING, logger="ruche.services.taches"):
        panne.signaler(OperationalError("connection refused\nDETAIL"))  # the heartbeat saw it
        panne.attendre(OperationalError("connection refused"), reprise=reprise)
        panne.retablie()  # the heartbeat's next beat: already told
    assert [r.getMessage() for r in caplog.records] == [
        "Base de données injoignable (OperationalError : connection refused) : le processus "
        "attend qu'elle revienne.",
        "Base de données de nouveau joignable après 0 s (3 essais) : les tâches reprennent.",
    ]
    assert pauses == [0.5, 1, 2]
    assert panne.debut is None
    # The bound: never longer than RECONNEXION_MAX_SECONDES between two tries.
    pauses.clear()
    essais = iter([OperationalError("x")] * 8 + [None])
    panne.attendre(OperationalError("x"), reprise=reprise)
    assert max(pauses) == RECONNEXION_MAX_SECONDES
