from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from ruche.models import Utilisateur
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, a_le_role
from ruche.verrouillage import duree_en_mots
from tests.demo import charger_demo
from tests.ruche.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {PERSONNEL, BENEVOLE, COMITE}


def test_staff_role_can_manage_the_project_models_in_admin():
    perms = set(Group.objects.get(name=PERSONNEL).permissions.values_list("codename", flat=True))
    assert {"add_organisation", "change_organisation", "view_utilisateur"} <= perms


def test_has_role(personnel, benevole, comite, sans_role):
    assert a_le_role(personnel, PERSONNEL) and not a_le_role(personnel, BENEVOLE)
    assert a_le_role(benevole, BENEVOLE) and not a_le_role(benevole, COMITE)
    assert a_le_role(comite, COMITE)
    assert not a_le_role(sans_role, PERSONNEL, BENEVOLE, COMITE)


def test_volunteer_belongs_to_an_organisation(benevole):
    assert benevole.organisation is not None


def test_login_page_logs_in_and_lands_on_the_volunteers_week(client, benevole):
    response = client.post("/connexion/", {"username": benevole.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/espace/"


def test_wrong_password_gets_a_short_french_message_and_keeps_the_username(client, benevole):
    response = client.post("/connexion/", {"username": benevole.username, "password": "faux"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in html
    assert "Saisissez un nom" not in html
    assert f'value="{benevole.username}"' in html


def test_repeated_failures_lock_the_account(client, benevole, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": benevole.username, "password": "faux"})
    response = client.post("/connexion/", {"username": benevole.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop d'essais" in response.content.decode()


def test_the_login_page_counts_down_the_tries_the_lockout_allows(client, benevole, settings):
    settings.AXES_FAILURE_LIMIT = 4
    settings.AXES_COOLOFF_TIME = 2
    faux = {"username": benevole.username, "password": "faux"}
    restes = [client.post("/connexion/", faux).content.decode() for _ in range(3)]
    assert "Il vous reste 3 essais." in restes[0]
    assert "Il vous reste 2 essais." in restes[1]
    assert "Il vous reste 1 essai. " in restes[2]
    assert "la connexion sera bloquée pendant 2 heures." in restes[2]

    # The fourth failure is the one axes locks on: the count agreed with it.
    bloque = client.post("/connexion/", faux)
    assert bloque.status_code == 429
    html = bloque.content.decode()
    assert "Réessayez dans 2 heures." in html and "Il vous reste" not in html


def test_the_count_is_per_username_and_address_as_the_lockout(client, benevole, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    settings.PROXY_ADRESSES = ["10.0.0.2"]
    faux = {"username": benevole.username, "password": "faux"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        client.post("/connexion/", faux, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    # Someone else behind the same proxy, or another name, starts from the full count.
    ailleurs = client.post("/connexion/", faux, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert "Il vous reste 4 essais." in ailleurs.content.decode()
    autre_nom = {"username": "quelquun", "password": "faux"}
    response = client.post("/connexion/", autre_nom, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert "Il vous reste 4 essais." in response.content.decode()
    # The first client's third failure.
    response = client.post("/connexion/", faux, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert "Il vous reste 2 essais." in response.content.decode()


@pytest.mark.parametrize(
    ("duree", "texte"),
    [
        (timedelta(hours=1), "1 heure"),
        (timedelta(hours=2, minutes=30), "2 heures et 30 minutes"),
        (timedelta(days=1, hours=1, minutes=1), "1 jour, 1 heure et 1 minute"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(seconds=30), "30 secondes"),
        (timedelta(0), ""),
        (None, ""),
    ],
)
def test_lockout_durations_in_words(duree, texte):
    assert duree_en_mots(duree) == texte


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
    charger_demo()
    call_command("demo", force=True)
    utilisateurs = Utilisateur.objects.all()
    assert utilisateurs.count() == 4
    for role in (PERSONNEL, BENEVOLE, COMITE):
        assert utilisateurs.filter(groups__name=role).exists()
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


@pytest.mark.parametrize("qui", ["personnel", "inconnu"])
def test_the_admin_login_counts_down_and_says_how_long_to_wait(client, personnel, settings, qui):
    """Same words as the login page; an unknown name reads exactly the same (no way to
    tell which accounts exist)."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    nom = personnel.username if qui == "personnel" else "personne-de-connu"
    faux = {"username": nom, "password": "faux", "next": "/admin/"}
    pages = [client.post("/admin/login/", faux) for _ in range(2)]
    assert [p.status_code for p in pages] == [200, 200]
    assert "Il vous reste 2 essais." in pages[0].content.decode()
    assert (
        "Il vous reste 1 essai. Ensuite, la connexion sera bloquée pendant 30 minutes."
        in pages[1].content.decode()
    )
    # The third failure locks; then even the right password waits.
    for bloque in (
        client.post("/admin/login/", faux),
        client.post("/admin/login/", {**faux, "password": PASSWORD}),
    ):
        assert bloque.status_code == 429
        html = bloque.content.decode()
        assert "Réessayez dans 30 minutes." in html and "Il vous reste" not in html
        assert nom not in html
