from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from ruche.models import Utilisateur
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, has_role
from tests.ruche.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {PERSONNEL, BENEVOLE, COMITE}


def test_staff_role_can_manage_the_project_models_in_admin():
    perms = set(Group.objects.get(name=PERSONNEL).permissions.values_list("codename", flat=True))
    assert {"add_organisation", "change_organisation", "view_utilisateur"} <= perms


def test_has_role(personnel, benevole, comite, sans_role):
    assert has_role(personnel, PERSONNEL) and not has_role(personnel, BENEVOLE)
    assert has_role(benevole, BENEVOLE) and not has_role(benevole, COMITE)
    assert has_role(comite, COMITE)
    assert not has_role(sans_role, PERSONNEL, BENEVOLE, COMITE)


def test_volunteer_belongs_to_an_organisation(benevole):
    assert benevole.organisation is not None


def test_login_page_logs_in_and_redirects_home(client, benevole):
    response = client.post("/connexion/", {"username": benevole.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"


def test_wrong_password_gets_a_french_message_and_keeps_the_username(client, benevole):
    response = client.post("/connexion/", {"username": benevole.username, "password": "faux"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in html
    assert f'value="{benevole.username}"' in html


def test_repeated_failures_lock_the_account(client, benevole, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": benevole.username, "password": "faux"})
    response = client.post("/connexion/", {"username": benevole.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop d'essais" in response.content.decode()


def test_logout_is_a_post(client, benevole):
    client.force_login(benevole)
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_french_email(client, benevole):
    response = client.post("/mot-de-passe/oublie/", {"email": benevole.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "nouveau mot de passe" in mail.outbox[0].subject
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_is_idempotent_and_creates_one_account_per_role(settings):
    call_command("demo", force=True)
    call_command("demo", force=True)
    users = Utilisateur.objects.all()
    assert users.count() == 4
    for role in (PERSONNEL, BENEVOLE, COMITE):
        assert users.filter(groups__name=role).exists()
    assert Utilisateur.objects.get(username="presidente").organisation.sigle == "A.V.A.Q.B-C"


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_waits_in_the_queue_while_the_mail_server_is_down(
    client, settings, benevole
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.EMAIL_BACKEND = "tests.ruche.test_shared.BrokenSMTP"
    response = client.post("/mot-de-passe/oublie/", {"email": benevole.email})
    assert response.status_code == 302
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[benevole.email]]
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body
