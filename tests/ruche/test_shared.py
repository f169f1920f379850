"""The shared mail queue and PDF helpers every part of the app uses."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.template import TemplateSyntaxError
from django.utils import timezone

from ruche.courriels import envoyer, envoyer_courriel, piece_jointe
from ruche.pdf import render_pdf
from tests.pdf import pdf_text


class BrokenSMTP:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_mail_is_sent_through_the_queue_with_attachment(db):
    envoyer(
        to="habitant@exemple.fr",
        template="ruche/courriels/test",
        context={"nom": "Mme Diallo"},
        attachments=[piece_jointe("rdv.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Bonjour Mme Diallo"
    assert message.attachments[0][0] == "rdv.ics"


def test_a_text_mail_is_not_html_escaped(db):
    # The test templates have no {% autoescape off %}: the shared rendering is what counts.
    envoyer(
        to="habitant@exemple.fr",
        template="ruche/courriels/test",
        context={"nom": "Mme N'Diaye <Aïcha> & fils"},
    )
    (message,) = mail.outbox
    assert message.subject == "Bonjour Mme N'Diaye <Aïcha> & fils"
    assert message.body.startswith("Bonjour Mme N'Diaye <Aïcha> & fils,")


def test_empty_address_sends_nothing(db):
    assert envoyer(to=["", None], template="ruche/courriels/test", context={}) is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_loses_nothing(settings, db_queue):
    settings.EMAIL_BACKEND = "tests.ruche.test_shared.BrokenSMTP"
    envoyer(to="habitant@exemple.fr", template="ruche/courriels/test", context={"nom": "X"})
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert mail.outbox == []

    # The server is back; the retry is due a minute later.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [["habitant@exemple.fr"]]


def test_without_deferral_the_error_is_raised(settings):
    settings.EMAIL_BACKEND = "tests.ruche.test_shared.BrokenSMTP"
    message = {"subject": "s", "body": "b", "to": ["a@exemple.fr"]}
    with pytest.raises(smtplib.SMTPException):
        envoyer_courriel.call(message)


@pytest.mark.django_db
def test_pdf_has_logos_and_page_numbers():
    content = render_pdf("pdf/base.html", {}, pages_hint=1)
    pages = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert "page 1 / 1" in pages[0]


def test_an_error_in_the_html_part_is_raised_not_hidden(db, settings, tmp_path):
    """Only a missing HTML part is optional: a broken one used to send text alone, silently."""
    (tmp_path / "essai_subject.txt").write_text("Objet")
    (tmp_path / "essai_body.txt").write_text("Texte")
    (tmp_path / "essai_body.html").write_text("{% if %}")
    moteur = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**moteur, "DIRS": [tmp_path, *moteur.get("DIRS", [])]}]
    with pytest.raises(TemplateSyntaxError):
        envoyer(to="habitant@exemple.fr", template="essai", context={})
    assert mail.outbox == []
