"""Failed messages, with two places: the day board's alert counts what the admin's list
shows the person, the messages naming their places; one naming no place is for who sees
every place, and, with a single place, for its staff."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from permanences.models import Salle
from permanences.services.notifications import notifier_rendez_vous
from ruche.alertes import nombre_envois_echoues
from ruche.models import EnvoiEchoue, Lieu
from ruche.models.lieu import lieu_principal
from ruche.models.taches import TACHE_COURRIEL, TACHE_SMS
from ruche.services.taches import renvoyer
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import PersonnelFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def _echec(tache, args, kwargs=None):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        task_path=tache,
        args_kwargs={"args": args, "kwargs": kwargs or {}},
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback="",
    )


@pytest.fixture(autouse=True)
def _compte_frais():
    cache.clear()
    yield
    cache.clear()


def test_staff_count_and_list_their_places_failed_messages(client):
    a = lieu_principal()
    b = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    agent = PersonnelFactory()
    agent.lieux.add(a)
    _echec(TACHE_COURRIEL, [{"to": ["awa@exemple.fr"], "subject": "Rappel", "lieu": a.pk}])
    _echec(TACHE_COURRIEL, [{"to": ["jean@exemple.fr"], "subject": "Rappel", "lieu": b.pk}])
    _echec(TACHE_SMS, ["+33612345678", "Rappel"], {"lieu": b.pk})
    _echec(TACHE_COURRIEL, [{"to": ["x@exemple.fr"], "subject": "Sans lieu"}])
    racine = UtilisateurFactory(is_staff=True, is_superuser=True)
    assert nombre_envois_echoues(agent) == 1
    assert nombre_envois_echoues(racine) == 4
    client.force_login(agent)
    liste = client.get(reverse("admin:ruche_envoiechoue_changelist"))
    assert list(
        liste.context["cl"].queryset.values_list("args_kwargs__args__0__to", flat=True)
    ) == [["awa@exemple.fr"]]


def test_with_one_place_its_staff_see_every_failed_message():
    agent = PersonnelFactory()
    agent.lieux.add(lieu_principal())
    _echec(TACHE_COURRIEL, [{"to": ["x@exemple.fr"], "subject": "Sans lieu"}])
    assert nombre_envois_echoues(agent) == 1


def test_a_residents_message_names_its_place_whose_staff_see_it_fail(settings):
    """The booking's mail and text message carry its place, through a resend too: its
    staff see them fail, another place's do not."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    a = lieu_principal()
    b = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    demarche = DemarcheFactory(lieu=b)
    salle = Salle.objects.create(nom="Salle du fond", capacite=6, lieu=b)
    occurrence = occurrence_pour(demarche, salle=salle)
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    agent_a, agent_b = PersonnelFactory(), PersonnelFactory()
    agent_a.lieux.add(a)
    agent_b.lieux.add(b)
    notifier_rendez_vous(rdv, "confirme")
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    echecs = EnvoiEchoue.objects.echoues()
    assert echecs.count() == 2
    assert echecs.des_lieux_de(agent_b).count() == 2
    assert echecs.des_lieux_de(agent_a).count() == 0
    for envoi in echecs:
        renvoyer(envoi)
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    assert EnvoiEchoue.objects.echoues().des_lieux_de(agent_b).count() == 2
