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
    # One header, one footer and the places (ruche.lieux_publics), whatever the address.
    assert len(cache._cache) <= 3
