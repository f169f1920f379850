"""ruche.prevenir.prevenir_habitant: the one way a message reaches a resident, and the text
messages' backends named as they were before they came down to ruche."""

import pytest
from django.core import mail
from django.utils.translation import get_language, override

from ruche.prevenir import COURRIEL, prevenir_habitant
from ruche.sms import MemoryBackend, get_backend

pytestmark = pytest.mark.django_db

MESSAGE = "permanences/courriels/fin_partenariat"


@pytest.fixture(autouse=True)
def _sms_en_memoire(settings):
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    yield
    MemoryBackend.outbox.clear()


def contexte_vu(vus):
    def contexte():
        vus.append(get_language())
        return {
            "nom": "Awa",
            "lignes": [],
            "lien": "https://ruche.exemple.fr/",
            "partenaire": {"nom": "A.V.A.Q.B-C"},
        }

    return contexte


def test_the_context_and_attachments_are_made_in_the_residents_language():
    vus = []
    with override("fr"):
        prevenir_habitant(
            langue="ar",
            template=MESSAGE,
            contexte=contexte_vu(vus),
            email="awa@exemple.fr",
            telephone="0611111111",
            pieces_jointes=lambda contexte: vus.append(get_language()) or [],
        )
        assert get_language() == "fr"
    assert vus == ["ar", "ar"]
    assert len(mail.outbox) == 1 and len(MemoryBackend.outbox) == 1


def test_a_language_the_site_does_not_speak_reads_in_french():
    vus = []
    prevenir_habitant(langue="xx", template=MESSAGE, contexte=contexte_vu(vus), email="a@b.fr")
    assert vus == ["fr"] and "Bonjour Awa" in mail.outbox[0].body


def test_only_the_channels_asked_for_and_the_contacts_given_are_used():
    vus = []
    courriel, sms = prevenir_habitant(
        langue="en",
        template=MESSAGE,
        contexte=contexte_vu(vus),
        email="awa@exemple.fr",
        telephone="0611111111",
        canaux=(COURRIEL,),
    )
    assert courriel is not None and sms is None and MemoryBackend.outbox == []
    assert prevenir_habitant(langue="en", template=MESSAGE, contexte=contexte_vu(vus)) == (
        None,
        None,
    )


def test_an_sms_backend_named_before_the_move_still_loads(settings):
    settings.SMS_BACKEND = "permanences.sms.MemoryBackend"
    assert isinstance(get_backend(), MemoryBackend)


@pytest.mark.django_db(transaction=True)
def test_text_messages_queued_before_the_move_keep_their_task(settings):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_tasks_db.models import DBTaskResult

    from ruche.models.taches import TACHE_SMS
    from ruche.sms import envoyer_sms_tache

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    envoyer_sms_tache.enqueue("0611111111", "Votre rendez-vous")
    executor = MigrationExecutor(connection)
    executor.migrate([("ruche", "0019_organisation_fermeture_version_creneaux")])
    try:
        assert DBTaskResult.objects.get().task_path == "permanences.sms.envoyer_sms_tache"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert DBTaskResult.objects.get().task_path == TACHE_SMS == "ruche.sms.envoyer_sms_tache"
