"""Mail goes through the database queue and a real `manage.py db_worker` process, to an SMTP
server, as in production (the rest of the suite runs tasks at once)."""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from permanences.services.rendezvous import reserver_rendez_vous
from tests.permanences.factories import DemarcheFactory, occurrence_pour
from tests.production.outils import BoiteSmtp, environnement, manage, url_base

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def file_de_taches(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_the_booking_mail_is_sent_once_by_the_worker_process(file_de_taches):
    demarche = DemarcheFactory(slug="retraite", nom="Analyse de vos revenus")
    occurrence = occurrence_pour(demarche)
    reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut,
        nom="Awa Diallo",
        email="awa@exemple.fr",
    )
    assert DBTaskResult.objects.filter(status="READY").exists()

    with BoiteSmtp() as boite:
        env = environnement(
            database_url=url_base(connection),
            EMAIL_URL=f"smtp://127.0.0.1:{boite.port}",
            SMS_BACKEND="ruche.sms.ConsoleBackend",
        )
        manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
        recus = boite.pour("awa@exemple.fr")

    assert len(recus) == 1
    assert "Analyse de vos revenus" in recus[0].get_body(preferencelist=("plain",)).get_content()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
