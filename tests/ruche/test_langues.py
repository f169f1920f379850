"""Public pages in French, English or Arabic; staff pages in French; caches per language."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import override

from permanences.forms.rendezvous import CoordonneesForm
from permanences.selecteurs.ateliers import ateliers_publics

pytestmark = pytest.mark.django_db


def balise_html(page):
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize(
    ("navigateur", "attendu"),
    [
        ("", '<html lang="fr" dir="ltr">'),
        ("en-GB,en;q=0.8", '<html lang="en" dir="ltr">'),
        ("ar-MA,ar;q=0.9,fr;q=0.5", '<html lang="ar" dir="rtl">'),
        ("de-DE,de;q=0.9", '<html lang="fr" dir="ltr">'),
    ],
)
def test_first_visit_follows_the_browser(client, navigateur, attendu):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=navigateur).content.decode()
    assert balise_html(page) == attendu
    assert ("bootstrap.rtl" in page) == ('dir="rtl"' in attendu)


def test_every_public_page_has_the_switch_each_language_named_in_itself(client):
    for url in ["/", "/rendez-vous/", "/ateliers/", "/accessibilite/", "/donnees-personnelles/"]:
        page = client.get(url).content.decode()
        for code, nom in [("fr", "Français"), ("en", "English"), ("ar", "العربية")]:
            lien = f'href="/langue/{code}/?suivant={url}" lang="{code}"'
            assert lien in page and f">{nom}</a>" in page, (url, code)


def test_the_switch_is_remembered_and_goes_back_to_the_page(client):
    response = client.get("/langue/ar/?suivant=/ateliers/%3Fx%3D1")
    assert response.status_code == 302 and response.url == "/ateliers/?x=1"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar" and cookie["max-age"] >= 300 * 24 * 3600
    # The cookie wins over the browser's language from then on.
    page = client.get("/ateliers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert balise_html(page) == '<html lang="ar" dir="rtl">'
    client.get("/langue/fr/?suivant=/")
    assert 'lang="fr"' in balise_html(client.get("/").content.decode())


@pytest.mark.parametrize("suivant", ["https://ailleurs.example/", "//ailleurs.example/", "", "x"])
def test_the_switch_never_sends_elsewhere(client, suivant):
    response = client.get(f"/langue/en/?suivant={suivant}")
    assert response.status_code == 302 and response.url == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/langue/de/").status_code == 404
    assert client.post("/langue/en/").status_code == 405


def test_staff_and_volunteer_pages_stay_french(client, benevole, personnel):
    client.get("/langue/ar/")
    assert 'lang="fr"' in balise_html(client.get("/connexion/").content.decode())
    client.force_login(benevole)
    page = client.get("/espace/", follow=True).content.decode()
    assert balise_html(page) == '<html lang="fr" dir="ltr">' and "/langue/" not in page
    client.force_login(personnel)
    page = client.get("/conventions/").content.decode()
    assert balise_html(page) == '<html lang="fr" dir="ltr">'
    # A volunteer on a public page sees it in the language they chose.
    assert 'lang="ar"' in balise_html(client.get("/").content.decode())


def test_cached_fragments_are_keyed_per_language(client, rf):
    from ruche.context_processors import menu

    cles = {}
    for langue in ["fr", "en", "ar"]:
        with override(langue):
            request = rf.get("/")
            request.user = AnonymousUser()
            cles[langue] = (
                CoordonneesForm().cle_rendu,
                ateliers_publics(timezone.now())[1],
                menu(request)["cle_entete"],
            )
    for rang in range(3):
        assert len({cles[langue][rang] for langue in cles}) == 3


def test_pages_read_in_english_and_arabic(client):
    client.get("/langue/en/")
    page = client.get("/rendez-vous/").content.decode()
    assert "Book an appointment" in page and "Prendre rendez-vous" not in page
    client.get("/langue/ar/")
    page = client.get("/").content.decode()
    assert "حجز موعد" in page and "Prendre rendez-vous" not in page
    # The cached header follows: French again once the visitor switches back.
    client.get("/langue/fr/")
    assert "Prendre rendez-vous" in client.get("/").content.decode()
