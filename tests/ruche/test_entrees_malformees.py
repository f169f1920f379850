"""Malformed, huge, unicode and NUL values in every URL part, query string and form field of
the pages behind login: a French message or a 404, never a server error."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve, reverse

from tests.ruche.test_grille_acces import (  # noqa: F401
    GENRES,
    PARTIE,
    PUBLIC,
    URLS,
    monde,
    monde_du_module,
    url_de,
)

pytestmark = pytest.mark.django_db

MAUVAISES_VALEURS = [
    "abc",
    "\x00",
    "2026-11-26\x00",
    "9" * 40,
    "-1",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "2026-W99",
    "٢٠٢٦-١١-٢٦",  # Arabic-Indic digits: \d matches them
    "²",  # str.isdigit() says yes, int() says no
    "é" * 3000,
    "<script>alert(1)</script>",
]
PARAMETRES = [
    "semaine",
    "mois",
    "date",
    "jour",
    "annee",
    "debut",
    "fin",
    "du",
    "au",
    "convention",
    "demarche",
    "heure_debut",
    "heure_fin",
    "salle",
    "next",
]
# PDF and spreadsheets are slow to make: all the bad values at once only (the statistics
# ranges have their own test below).
FICHIERS = {
    "permanences:feuille",
    "partenariats:pdf",
    "partenariats:avenant_pdf",
    "partenariats:comite_compte_rendu_pdf",
    "partenariats:manquement_lettre",
    "statistiques:rapport",
    "statistiques:csv",
    "statistiques:xlsx",
}
PAGES = sorted(name for name, genre in GENRES.items() if genre != PUBLIC)


def client_du_personnel(client_de, monde, name=None):  # noqa: F811
    """The staff's client; on a page where a partner acts in its own name, its
    representative's, so that the bad values reach the page and not the role check."""
    qui = "representant_a" if GENRES.get(name) == PARTIE else "personnel"
    return client_de(monde["utilisateurs"][qui])


# One parameter at a time (a view may stop at the first bad one and never parse the next)
# with the values that reach different parsers: text, integer, date range, digits that
# \d matches and int() refuses. Every value also goes in all parameters at once.
UNE_A_UNE = {"\x00", "9" * 40, "9999-12-31", "٢٠٢٦-١١-٢٦", "²"}


@pytest.mark.parametrize("valeur", MAUVAISES_VALEURS)
@pytest.mark.parametrize("name", PAGES)
def test_bad_query_strings(client_de, monde, name, valeur):  # noqa: F811
    client = client_du_personnel(client_de, monde, name)
    url = url_de(name, monde)
    essais = [dict.fromkeys(PARAMETRES, valeur)]
    if valeur in UNE_A_UNE and name not in FICHIERS:
        essais += [{p: valeur} for p in PARAMETRES]
    for parametres in essais:
        assert client.get(url, parametres).status_code < 500, (url, parametres)


@pytest.mark.parametrize("valeur", ["2025-01-01", "2020-01-01"])
@pytest.mark.parametrize("autre", MAUVAISES_VALEURS)
def test_bad_statistics_ranges(client_de, monde, valeur, autre):  # noqa: F811
    client = client_du_personnel(client_de, monde)
    for name in ("statistiques:tableau_de_bord", "statistiques:csv", "statistiques:xlsx"):
        url = url_de(name, monde)
        assert client.get(url, {"debut": valeur, "fin": autre}).status_code < 500
        assert client.get(url, {"debut": autre, "fin": valeur}).status_code < 500


@pytest.mark.parametrize("name", PAGES)
def test_bad_url_parts(client_de, monde, name):  # noqa: F811
    client = client_du_personnel(client_de, monde, name)
    good = url_de(name, monde)
    for param in URLS[name]:
        for bad in ("2147483648", "9" * 30, "0"):
            if param in ("pk", "numero", "document", "annee"):
                url = reverse(name, kwargs=_avec(name, monde, param, int(bad)))
                assert client.get(url).status_code in (400, 404, 405), url
                assert client.post(url).status_code in (400, 404, 405), url
    for bad in ("0000-00-00", "9999-12-31", "2026-02-30", "%00"):
        url = re.sub(r"\d{4}-\d{2}-\d{2}", bad, good)
        if url != good:
            assert client.get(url).status_code == 404, url


def _avec(name, monde, param, value):  # noqa: F811
    kwargs = dict(resolve(url_de(name, monde)).kwargs)
    kwargs.pop("format", None)
    kwargs[param] = value
    return kwargs


def _champs(html):
    return set(re.findall(r'name="([a-z_]+)"', html)) - {"csrfmiddlewaretoken"}


# The PDF and spreadsheet pages have no form: they are not fetched here.
PAGES_HTML = [name for name in PAGES if name not in FICHIERS]


@pytest.mark.parametrize("role", ["personnel", "benevole_a"])
@pytest.mark.parametrize("name", PAGES_HTML)
def test_bad_form_fields(client_de, monde, name, role):  # noqa: F811
    """Every field the page shows, filled with each bad value at once and one at a time.

    The page is fetched once; each value is posted logged in afresh, with an empty cache and
    in a savepoint rolled back after it: every value meets the same data, as in its own test.
    A partner's own pages are filled by its representative instead of its volunteer."""
    if role == "benevole_a" and GENRES[name] == PARTIE:
        role = "representant_a"
    client = client_de(monde["utilisateurs"][role])
    url = url_de(name, monde)
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page["Content-Type"]:
        return
    champs = _champs(page.content.decode())
    for valeur in ["\x00", "9" * 40, "9999-12-31", "²", "é" * 3000, "-1"]:
        cache.clear()
        client.force_login(monde["utilisateurs"][role])
        with transaction.atomic():
            for donnees in [dict.fromkeys(champs, valeur), *({c: valeur} for c in champs)]:
                for action in ("", "chercher") if "action" in champs else ("",):
                    response = client.post(
                        url, {**donnees, "action": action} if action else donnees
                    )
                    assert response.status_code < 500, (url, donnees)
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(n for n in GENRES if n not in ("permanences:agenda_ics",)))
def test_head_and_other_methods(client_de, monde, name):  # noqa: F811
    client = client_du_personnel(client_de, monde, name)
    url = url_de(name, monde)
    for method in ("put", "delete", "patch", "options", "head"):
        assert getattr(client, method)(url).status_code < 500, (method, url)


def test_a_far_day_in_the_visitor_log_is_a_french_message(client_de, monde):  # noqa: F811
    response = client_du_personnel(client_de, monde).get(
        reverse("passages:journal"), {"jour": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "pas valable : voici aujourd" in response.content.decode()


def test_a_superscript_digit_is_not_a_demarche(client_de, monde):  # noqa: F811
    response = client_du_personnel(client_de, monde).get(
        reverse("permanences:espace_rendez_vous_nouveau"), {"demarche": "²"}
    )
    assert response.status_code == 200
    assert "Choisissez une démarche dans la liste." in response.content.decode()


def test_a_breach_notified_in_year_9999_is_a_french_message(client_de, monde):  # noqa: F811
    response = client_du_personnel(client_de, monde).post(
        url_de("partenariats:manquement_nouveau", monde),
        {"notifie_le": "9999-12-31", "description": "Essai"},
    )
    assert response.status_code == 200
    assert "Cette date est trop loin" in response.content.decode()
