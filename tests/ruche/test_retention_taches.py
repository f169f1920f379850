"""Task rows and login records hold personal data: the daily commands delete them in time."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruche import limites
from ruche.courriels import envoyer_courriel
from ruche.models import Compteur
from ruche.sms import envoyer_sms_tache

pytestmark = pytest.mark.django_db

MESSAGE = {"subject": "Votre rendez-vous", "body": "Lien secret", "to": ["awa@exemple.fr"]}


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def tache(statut, *, il_y_a, sms=False):
    if sms:
        resultat = envoyer_sms_tache.enqueue("+33612345678", "Lien secret")
    else:
        resultat = envoyer_courriel.enqueue(MESSAGE)
    fin = timezone.now() - il_y_a
    DBTaskResult.objects.filter(id=resultat.id).update(
        status=statut,
        finished_at=None if statut in ("READY", "RUNNING") else fin,
        traceback="smtplib.SMTPRecipientsRefused: {'awa@exemple.fr': (550, ...)}"
        if statut == "FAILED"
        else "",
    )
    return resultat.id


def test_finished_tasks_are_deleted_after_the_retention_days(settings, db_queue):
    settings.TACHES_CONSERVATION_JOURS = 7
    ancienne = tache("SUCCESSFUL", il_y_a=timedelta(days=8))
    ancien_sms = tache("SUCCESSFUL", il_y_a=timedelta(days=8), sms=True)
    recente = tache("SUCCESSFUL", il_y_a=timedelta(days=6))
    en_attente = tache("READY", il_y_a=timedelta(days=30))
    echouee = tache("FAILED", il_y_a=timedelta(days=30))
    echouee_recente = tache("FAILED", il_y_a=timedelta(days=1))

    call_command("purger_taches", verbosity=0)

    restantes = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert ancienne not in restantes and ancien_sms not in restantes
    assert {recente, en_attente, echouee, echouee_recente} <= restantes
    # A failed message stays for the staff to resend, without the trace quoting the address.
    vieille = DBTaskResult.objects.get(id=echouee)
    assert vieille.traceback == "" and vieille.args_kwargs["args"][0]["to"] == ["awa@exemple.fr"]
    assert DBTaskResult.objects.get(id=echouee_recente).traceback != ""


def essai_de_connexion(modele, *, il_y_a, **champs):
    ligne = modele.objects.create(
        username=f"presidente-{il_y_a.days}",
        ip_address="203.0.113.7",
        user_agent="Firefox",
        **champs,
    )
    modele.objects.filter(pk=ligne.pk).update(attempt_time=timezone.now() - il_y_a)


def test_login_records_are_deleted_after_their_retention_days(settings):
    settings.CONNEXIONS_CONSERVATION_JOURS = 30
    for il_y_a in (timedelta(days=31), timedelta(days=29)):
        essai_de_connexion(AccessAttempt, il_y_a=il_y_a, failures_since_start=3)
        essai_de_connexion(AccessFailureLog, il_y_a=il_y_a)
        essai_de_connexion(AccessLog, il_y_a=il_y_a)

    call_command("anonymiser_donnees", verbosity=0)

    for modele in (AccessAttempt, AccessFailureLog, AccessLog):
        assert modele.objects.count() == 1
        assert modele.objects.get().attempt_time > timezone.now() - timedelta(days=30)


def test_ended_abuse_counters_are_deleted_by_the_daily_retention():
    """Counter keys can hold an address: the daily job, not chance, bounds how long."""
    hier = timezone.now() - timedelta(days=1)
    limites.compter("adresse:203.0.113.7", secondes=86400, maintenant=hier)
    limites.compter("adresse:203.0.113.8", secondes=86400)

    call_command("anonymiser_donnees", verbosity=0)

    assert list(Compteur.objects.values_list("cle", flat=True)) == ["adresse:203.0.113.8"]
