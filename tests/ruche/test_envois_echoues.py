"""A mail or text message that fails for good is FAILED, shown to the staff, and resendable."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ruche.courriels import envoyer_courriel
from ruche.services.taches import MAX_TENTATIVES
from ruche.sms import MemoryBackend, NumeroRefuse, envoyer_sms_tache

# The worker runs in the test process and closes its connections: no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)

URL = "/admin/ruche/envoiechoue/"
MESSAGE = {
    "subject": "Votre rendez-vous",
    "body": "Lien secret : https://ruche.example.fr/rendez-vous/abcdef/",
    "to": ["awa.diallo@exemple.fr"],
}


class BrokenSMTP:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")


class RefusingSMTP(BrokenSMTP):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"awa.diallo@exemple.fr": (550, b"no such user")})


class BrokenSms:
    def send(self, to, text):
        raise ConnectionError("fournisseur injoignable")


class RefusingSms:
    def send(self, to, text):
        raise NumeroRefuse(to)


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture(autouse=True)
def _outbox_vide():
    MemoryBackend.outbox.clear()


def worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_last_mail_attempt_fails_the_task(settings, db_queue):
    settings.EMAIL_BACKEND = "tests.ruche.test_envois_echoues.BrokenSMTP"
    envoyer_courriel.enqueue(MESSAGE, MAX_TENTATIVES)
    worker()
    tache = DBTaskResult.objects.get()
    assert tache.status == "FAILED"
    assert tache.exception_class_path == "smtplib.SMTPServerDisconnected"


def test_an_address_refused_for_good_fails_at_once(settings, db_queue):
    settings.EMAIL_BACKEND = "tests.ruche.test_envois_echoues.RefusingSMTP"
    envoyer_courriel.enqueue(MESSAGE)
    worker()
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_text_message_is_retried_like_mail(settings, db_queue):
    settings.SMS_BACKEND = "tests.ruche.test_envois_echoues.BrokenSms"
    envoyer_sms_tache.enqueue("+33612345678", "Votre rendez-vous")
    worker()
    premier, suivant = DBTaskResult.objects.order_by("enqueued_at")
    assert premier.return_value == "reporté"
    assert suivant.status == "READY" and suivant.args_kwargs["args"] == [
        "+33612345678",
        "Votre rendez-vous",
        2,
    ]


def test_a_refused_number_fails_at_once(settings, db_queue):
    settings.SMS_BACKEND = "tests.ruche.test_envois_echoues.RefusingSms"
    envoyer_sms_tache.enqueue("+33612345678", "Votre rendez-vous")
    worker()
    assert DBTaskResult.objects.get().status == "FAILED"


@pytest.fixture
def echecs(settings, db_queue):
    settings.EMAIL_BACKEND = "tests.ruche.test_envois_echoues.BrokenSMTP"
    settings.SMS_BACKEND = "tests.ruche.test_envois_echoues.BrokenSms"
    envoyer_courriel.enqueue(MESSAGE, MAX_TENTATIVES)
    envoyer_sms_tache.enqueue("+33612345678", "Lien https://ruche.example.fr/r/abc/", 60)
    worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"


def test_staff_see_failed_messages_without_their_content(client, personnel, echecs):
    client.force_login(personnel)
    page = client.get(URL).content.decode()
    assert "Votre rendez-vous" in page
    assert "a•••@exemple.fr" in page and "+33•••78" in page
    assert "awa.diallo" not in page and "12345678" not in page
    assert "secret" not in page and "https://ruche.example.fr" not in page
    assert "SMTPServerDisconnected" in page and "ConnectionError" in page
    # The detail page is read only and shows no more.
    envoi = DBTaskResult.objects.filter(task_path__endswith="envoyer_courriel").get()
    detail = client.get(f"{URL}{envoi.pk}/change/")
    assert detail.status_code == 200
    assert "awa.diallo" not in detail.content.decode()
    assert "secret" not in detail.content.decode()


def test_staff_resend_failed_messages(client, personnel, echecs):
    client.force_login(personnel)
    ids = list(DBTaskResult.objects.values_list("pk", flat=True))
    response = client.post(URL, {"action": "renvoyer", "_selected_action": ids})
    assert response.status_code == 302
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    worker()
    assert [m.to for m in mail.outbox] == [["awa.diallo@exemple.fr"]]
    assert MemoryBackend.outbox == [("+33612345678", "Lien https://ruche.example.fr/r/abc/")]


@pytest.mark.parametrize("qui", ["benevole", "comite", "sans_role"])
def test_others_do_not_see_failed_messages(client, request, qui, echecs):
    client.force_login(request.getfixturevalue(qui))
    assert client.get(URL).status_code in (302, 403)


def test_a_message_failed_by_the_worker_counts_at_the_next_request(settings, db_queue, personnel):
    """The worker runs in another process: the count must not wait for a timeout there."""
    from ruche.alertes import nombre_envois_echoues

    assert nombre_envois_echoues(personnel) == 0  # counted and kept
    settings.EMAIL_BACKEND = "tests.ruche.test_envois_echoues.RefusingSMTP"
    envoyer_courriel.enqueue(MESSAGE)
    worker()
    assert nombre_envois_echoues(personnel) == 1
