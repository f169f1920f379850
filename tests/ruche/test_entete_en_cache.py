"""The header and footer are cached for visitors without an account, by open menu entry."""

import pytest

pytestmark = pytest.mark.django_db


def courant(page):
    return page.split('aria-current="page"')[0].rsplit('href="', 1)[1].split('"')[0]


def test_each_public_page_marks_its_own_menu_entry(client):
    for _ in range(2):  # the second time from the cache
        assert courant(client.get("/").content.decode()) == "/"
        assert courant(client.get("/ateliers/").content.decode()) == "/ateliers/"
        assert courant(client.get("/rendez-vous/").content.decode()) == "/rendez-vous/"
        assert 'aria-current="page"' not in client.get("/accessibilite/").content.decode()


def test_a_logged_in_person_never_gets_the_cached_header(client, personnel):
    assert "Se connecter" in client.get("/").content.decode()
    client.force_login(personnel)
    page = client.get("/").content.decode()
    assert "Se déconnecter" in page and "Se connecter" not in page
    assert "/admin/" in page and "Statistiques" in page
    client.logout()
    page = client.get("/").content.decode()
    assert "Se connecter" in page and "/admin/" not in page


def test_an_unknown_address_adds_no_cached_header(client):
    from django.core.cache import cache

    cache.clear()
    client.get("/nulle-part-1/")
    client.get("/nulle-part-2/")
    # One header, one footer, the places (ruche.lieux_publics), the accessibility status
    # (ruche.accessibilite) and the partners presented today (ruche.horaires), with what
    # they read, whatever the address.
    gardees = len(cache._cache)
    assert gardees <= 6
    client.get("/nulle-part-3/")
    assert len(cache._cache) == gardees


def test_a_logged_in_persons_cached_header_follows_their_roles_and_page(client, personnel):
    from django.contrib.auth.models import Group

    from ruche.roles import PERSONNEL

    client.force_login(personnel)
    for _ in range(2):  # the second time from the cache
        assert courant(client.get("/").content.decode()) == "/"
        assert courant(client.get("/espace/journee/").content.decode()) == "/espace/journee/"
        assert "Statistiques" in client.get("/").content.decode()
    personnel.groups.remove(Group.objects.get(name=PERSONNEL))
    personnel.is_staff = False
    personnel.save()
    page = client.get("/").content.decode()
    assert "Statistiques" not in page and "/admin/" not in page
    assert "Se déconnecter" in page


def test_the_cached_logout_form_carries_a_token_of_the_persons_own_secret(personnel):
    import re

    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    jetons = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(personnel)
        client.get("/")  # the CSRF cookie
        client.get("/")  # the header kept under its secret
        page = client.get("/").content.decode()  # the header from the cache
        jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        assert _unmask_cipher_token(jeton) == client.cookies["csrftoken"].value
        jetons.append(jeton)
        assert client.post("/deconnexion/", {"csrfmiddlewaretoken": jeton}).status_code == 302
    assert jetons[0] != jetons[1]
