"""Reminders at the set times, once each; every message survives a mail server outage."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from permanences.models import Rappel
from permanences.services.rappels import RegleRappel, envoyer_rappels, lire_regle
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.formats import PARIS
from ruche.sms import MemoryBackend
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.test_shared import BrokenSMTP  # noqa: F401 - used by its dotted path


def test_rules_read_from_settings():
    assert lire_regle("J-2@09:00") == RegleRappel(2, time(9))
    assert lire_regle(" J-0@08:30 ").code == "J-0@08:30"
    for bad in ["2j", "J-2", "J-2@25:00", "J+1@08:00", ""]:
        with pytest.raises(ImproperlyConfigured):
            lire_regle(bad)


def test_due_time_is_paris_wall_clock_across_dst():
    # Appointment on Monday 30 March 2026 (summer time); J-2 is Saturday 28 (winter time).
    debut = datetime(2026, 3, 30, 9, tzinfo=PARIS)
    assert RegleRappel(2, time(9)).echeance(debut) == datetime(2026, 3, 28, 9, tzinfo=PARIS)
    assert RegleRappel(0, time(8)).echeance(debut) == datetime(2026, 3, 30, 8, tzinfo=PARIS)


@pytest.fixture
def rdv(db, settings):
    settings.RAPPELS_RENDEZ_VOUS = ["J-2@09:00", "J-0@08:00"]
    demarche = DemarcheFactory(slug="retraite", nom="Ouvrir mes droits à la retraite")
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=5))
    return RendezVousFactory(
        occurrence=occurrence,
        demarche=demarche,
        telephone="0612345678",
        email="awa@exemple.fr",
        cree_le=timezone.now(),
    )


def paris_on(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def test_each_reminder_goes_once_at_its_time(rdv):
    day = timezone.localdate(rdv.debut)
    assert envoyer_rappels(maintenant=paris_on(day - timedelta(days=2), 8, 59)) == 0
    assert envoyer_rappels(maintenant=paris_on(day - timedelta(days=2), 9)) == 1
    assert envoyer_rappels(maintenant=paris_on(day - timedelta(days=1), 9)) == 0
    assert envoyer_rappels(maintenant=paris_on(day, 8, 15)) == 1
    assert envoyer_rappels(maintenant=paris_on(day, 8, 30)) == 0
    assert set(Rappel.objects.values_list("type", flat=True)) == {"J-2@09:00", "J-0@08:00"}
    assert [m.subject.startswith("Rappel") for m in mail.outbox] == [True, True]
    assert len(MemoryBackend.outbox) == 2 and "Rappel" in MemoryBackend.outbox[0][1]
    assert mail.outbox[0].attachments[0][0] == "rendez-vous.ics"


def test_no_reminder_for_cancelled_or_past_or_booked_after_it_fell_due(rdv):
    day = timezone.localdate(rdv.debut)
    rdv.cree_le = paris_on(day - timedelta(days=1), 12)  # booked the day before
    rdv.save()
    assert envoyer_rappels(maintenant=paris_on(day - timedelta(days=1), 13)) == 0
    assert envoyer_rappels(maintenant=paris_on(day, 8)) == 1  # the morning one still goes
    rdv.statut = "annule_habitant"
    rdv.save()
    Rappel.objects.all().delete()
    assert envoyer_rappels(maintenant=paris_on(day, 8)) == 0
    assert envoyer_rappels(maintenant=rdv.debut + timedelta(minutes=1)) == 0


def test_management_command(rdv):
    day = timezone.localdate(rdv.debut)
    with time_machine.travel(paris_on(day - timedelta(days=2), 9, 5)):
        call_command("envoyer_rappels", verbosity=0)
        call_command("envoyer_rappels", verbosity=0)
    assert Rappel.objects.count() == 1 and len(mail.outbox) == 1


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_loses_no_confirmation_nor_reminder(settings, db_queue):
    settings.RAPPELS_RENDEZ_VOUS = ["J-2@09:00"]
    settings.EMAIL_BACKEND = "tests.ruche.test_shared.BrokenSMTP"
    demarche = DemarcheFactory(slug="titre-de-sejour")
    occurrence = occurrence_pour(demarche)
    rdv = reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut,
        nom="Awa Diallo",
        telephone="0612345678",
        email="awa@exemple.fr",
    )
    worker()
    assert mail.outbox == []
    assert len(MemoryBackend.outbox) == 1  # the text message went through its own backend

    due = paris_on(timezone.localdate(rdv.debut) - timedelta(days=2), 9, 30)
    with time_machine.travel(due):
        assert envoyer_rappels() == 1
        worker()
    assert mail.outbox == []

    # The server is back: the next worker run sends both, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(due + timedelta(hours=2)):
        worker()
        worker()
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert subjects[0].startswith("Rappel") and subjects[1].startswith("Votre rendez-vous")


@pytest.mark.parametrize(
    ("lundi", "ecart_utc"),
    # The Mondays after the last Sundays of March (summer time from 2:00) and of October
    # (winter time from 3:00): the reminders of the Sunday and of the Monday.
    [(datetime(2030, 4, 1).date(), 2), (datetime(2030, 10, 28).date(), 1)],
)
def test_reminders_around_the_clock_changes_go_at_paris_wall_time(db, settings, lundi, ecart_utc):
    settings.RAPPELS_RENDEZ_VOUS = ["J-1@09:00", "J-0@08:00"]
    demarche = DemarcheFactory(slug="retraite", nom="Ouvrir mes droits à la retraite")
    with time_machine.travel(paris_on(lundi - timedelta(days=10), 12), tick=False):
        RendezVousFactory(
            occurrence=occurrence_pour(demarche, jour=lundi),
            demarche=demarche,
            email="awa@exemple.fr",
            cree_le=timezone.now(),
        )
    dimanche = lundi - timedelta(days=1)
    for jour, heure, heure_utc in ((dimanche, 9, 9 - ecart_utc), (lundi, 8, 8 - ecart_utc)):
        avant = paris_on(jour, heure) - timedelta(minutes=1)
        with time_machine.travel(avant, tick=False):
            assert envoyer_rappels() == 0
        with time_machine.travel(paris_on(jour, heure), tick=False):
            assert timezone.now().astimezone(UTC).hour == heure_utc
            assert envoyer_rappels() == 1
