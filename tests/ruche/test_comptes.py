"""A person's account, roles and places are read once per version of the data
(ruche.comptes), and the version once per request (ruche.versions): every change to who
may see what still counts from the next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruche import versions
from ruche.comptes import ComptesBackend
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from ruche.roles import PERSONNEL
from tests.partenariats.factories import ConventionFactory
from tests.ruche.factories import PASSWORD, PersonnelFactory

pytestmark = pytest.mark.django_db

JOURNEE = "/espace/journee/"


def tables_lues(requetes):
    return [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in requetes]


def test_a_logged_in_page_reads_the_session_and_the_version_only(client, personnel):
    client.force_login(personnel)
    for _ in range(2):  # the first request reads the account and warms the page's parts
        assert client.get(JOURNEE).status_code == 200
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(JOURNEE).status_code == 200
    lues = tables_lues(requetes)
    assert "ruche_utilisateur" not in lues
    assert "auth_group" not in lues
    assert "ruche_utilisateur_lieux" not in lues
    assert lues.count("ruche_versiondonnees") == 1, lues


def test_a_role_taken_away_counts_from_the_next_request(client, personnel):
    client.force_login(personnel)
    assert client.get(JOURNEE).status_code == 200
    personnel.groups.clear()
    assert client.get(JOURNEE).status_code == 403


def test_a_group_deleted_takes_its_role_away_at_once(client, personnel):
    client.force_login(personnel)
    assert client.get(JOURNEE).status_code == 200
    Group.objects.get(name=PERSONNEL).delete()  # its members' links go without a signal
    assert client.get(JOURNEE).status_code == 403


def test_an_account_deactivated_is_logged_out_at_the_next_request(client, personnel):
    client.force_login(personnel)
    assert client.get(JOURNEE).status_code == 200
    personnel.is_active = False
    personnel.save()
    response = client.get(JOURNEE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_password_changed_elsewhere_ends_the_other_sessions(client, personnel):
    client.force_login(personnel)
    assert client.get(JOURNEE).status_code == 200
    personnel.set_password(PASSWORD + "-nouveau")
    personnel.save()
    assert client.get(JOURNEE).status_code == 302


def test_a_staff_member_moved_to_another_place_sees_the_other_place_at_once(client):
    premier = lieu_principal()
    second = Lieu.objects.create(nom="France Services Pont", slug="pont")
    convention = ConventionFactory(lieu=premier)
    agent = PersonnelFactory()
    agent.lieux.add(premier)
    client.force_login(agent)
    detail = reverse("partenariats:detail", args=[convention.pk])
    assert client.get(detail).status_code == 200
    agent.lieux.set([second])
    assert client.get(detail).status_code == 404


def test_what_a_request_puts_on_its_user_does_not_reach_the_next(personnel):
    premier = ComptesBackend().get_user(personnel.pk)
    premier.marque = "de la première requête"
    second = ComptesBackend().get_user(personnel.pk)
    assert second is not premier and not hasattr(second, "marque")
    assert second.noms_des_roles() == {PERSONNEL}


def test_within_a_request_the_version_is_read_once_and_again_after_a_write():
    versions._debut_requete()
    try:
        with CaptureQueriesContext(connection) as requetes:
            avant = versions.version()
            assert versions.version() == avant
        assert len(requetes) == 1
        versions.changer_version()
        assert versions.version() != avant
    finally:
        versions._fin_requete()
    # Outside a request (tasks, commands) it is always the database's.
    with CaptureQueriesContext(connection) as requetes:
        versions.version()
        versions.version()
    assert len(requetes) == 2
