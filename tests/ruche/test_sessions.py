"""Sessions served from the cache (ruche.sessions): a warm request of a person logged in
reads no session, and every end still counts at the next request, also in a process whose
cache kept its copy (another gunicorn worker: here, the copy put back after the end)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruche.roles import PERSONNEL
from ruche.sessions import SessionStore
from tests.ruche.factories import PASSWORD, PersonnelFactory

pytestmark = pytest.mark.django_db

JOURNEE = "/espace/journee/"


def cle_de(client):
    return SessionStore.cache_key_prefix + client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def connecte(client, personnel):
    """The client logged in, its session's copy in use (from the third request on)."""
    client.force_login(personnel)
    for _ in range(3):
        assert client.get(JOURNEE).status_code == 200
    return client


def tables_lues(client):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(JOURNEE)
    return reponse, [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in requetes]


def deconnecte(reponse):
    return reponse.status_code == 302 and reponse.url.startswith(reverse("login"))


def test_a_warm_request_reads_the_versions_only(connecte):
    reponse, lues = tables_lues(connecte)
    assert reponse.status_code == 200
    assert lues == ["ruche_versiondonnees"]
    assert "no-store" in reponse["Cache-Control"]


def test_a_logout_ends_the_session_in_every_process(connecte):
    copie = cache.get(cle_de(connecte))
    assert copie is not None
    ancienne = connecte.cookies[settings.SESSION_COOKIE_NAME].value
    assert connecte.post(reverse("logout")).status_code == 302
    # Another worker still holds its copy of the session, and the browser (or a thief) its
    # cookie: the copy's version is gone, the database is asked, the session is no more.
    cache.set(SessionStore.cache_key_prefix + ancienne, copie)
    connecte.cookies[settings.SESSION_COOKIE_NAME] = ancienne
    assert deconnecte(connecte.get(JOURNEE))
    assert deconnecte(connecte.get(JOURNEE))


def test_an_account_deactivated_is_logged_out_at_the_next_request(connecte, personnel):
    personnel.is_active = False
    personnel.save()
    assert deconnecte(connecte.get(JOURNEE))


def test_a_password_changed_ends_the_session_at_the_next_request(connecte, personnel):
    personnel.set_password(PASSWORD + "-nouveau")
    personnel.save()
    assert deconnecte(connecte.get(JOURNEE))


def test_a_role_removed_counts_from_the_next_request(connecte, personnel):
    personnel.groups.remove(Group.objects.get(name=PERSONNEL))
    assert connecte.get(JOURNEE).status_code == 403


def test_a_session_survives_a_cache_flush(connecte):
    cache.clear()
    assert connecte.get(JOURNEE).status_code == 200
    assert connecte.get(JOURNEE).status_code == 200


def test_a_login_through_the_form_then_a_logout(client):
    agent = PersonnelFactory(username="agent.sessions")
    reponse = client.post(reverse("login"), {"username": agent.username, "password": PASSWORD})
    assert reponse.status_code == 302
    for _ in range(3):
        assert client.get(JOURNEE).status_code == 200
    assert cache.get(cle_de(client)) is not None
    assert client.post(reverse("logout")).status_code == 302
    assert deconnecte(client.get(JOURNEE))


def test_a_second_login_ends_the_copies_of_the_first_session(connecte, personnel, client):
    copie_cle = cle_de(connecte)
    copie = cache.get(copie_cle)
    autre = type(client)()
    autre.force_login(personnel)  # a session saved for the same person: copies checked again
    cache.set(copie_cle, copie)
    _reponse, lues = tables_lues(connecte)
    assert "django_session" in lues


def test_a_visitors_session_is_not_kept_in_the_cache():
    session = SessionStore()
    session["code_connexion"] = {"essais": 1}
    session.save()
    assert SessionStore(session.session_key)["code_connexion"] == {"essais": 1}
    assert cache.get(SessionStore.cache_key_prefix + session.session_key) is None
