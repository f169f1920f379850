"""No page with personal data stays in the browser: every page a logged-in person gets, and
every page a secret link opens, says `Cache-Control: no-store`. The grid of the access test
gives every named URL; each is asked by a role that may see it."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.ruche import test_grille_acces as grille

pytestmark = pytest.mark.django_db

# The world of the access grid, built once for this module too.
monde_du_module = grille.monde_du_module
monde = grille.monde

# Pages without login that a secret address opens, and the resident's data they show.
SECRETS = {
    "permanences:demarche_ou_rendez_vous",  # with a booking's secret, not a démarche's slug
    "permanences:deplacer",
    "permanences:annuler_rendez_vous",
    "permanences:agenda_rendez_vous",
    "permanences:imprimer_rendez_vous",
    "permanences:inscription",
    "permanences:agenda_ics",
}
ROLES_CONNECTES = [role for role in grille.ROLES if role != "anonyme"]


def qui_voit(nom):
    """A logged-in role that gets the page itself (the staff's first)."""
    ordre = ["personnel", *[r for r in ROLES_CONNECTES if r != "personnel"]]
    return next(role for role in ordre if grille.attendu(nom, role, "get") == "ok")


def url_secrete(nom, monde):
    if nom == "permanences:demarche_ou_rendez_vous":
        return reverse(nom, args=[monde["rdv"].secret])
    return grille.url_de(nom, monde)


def pages_sans_espace_de_noms():
    """The project's own pages outside the grid's namespaces (home, login, health...)."""
    return sorted(
        entree.name
        for entree in get_resolver().url_patterns
        if isinstance(entree, URLPattern) and entree.name and not entree.pattern.converters
    )


def sans_stockage(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("nom", sorted(set(grille.GENRES) - grille.POST_SEULEMENT))
def test_every_page_a_logged_in_person_gets_is_not_stored(client_de, monde, nom):
    role = qui_voit(nom)
    response = client_de(monde["utilisateurs"][role]).get(grille.url_de(nom, monde))
    assert response.status_code in (200, 302, 405), (nom, role, response.status_code)
    assert sans_stockage(response), (nom, role, response.get("Cache-Control"))


@pytest.mark.parametrize("nom", pages_sans_espace_de_noms())
def test_the_sites_own_pages_logged_in_are_not_stored(client_de, monde, nom):
    response = client_de(monde["utilisateurs"]["benevole_a"]).get(reverse(nom))
    assert sans_stockage(response), (nom, response.get("Cache-Control"))


@pytest.mark.parametrize("nom", sorted(SECRETS))
def test_every_page_a_secret_link_opens_is_not_stored(client, monde, nom):
    response = client.get(url_secrete(nom, monde))
    assert response.status_code == 200, nom
    assert sans_stockage(response), (nom, response.get("Cache-Control"))


@pytest.mark.parametrize("role", ROLES_CONNECTES)
def test_the_admin_is_not_stored(client_de, monde, role):
    response = client_de(monde["utilisateurs"][role]).get(reverse("admin:index"))
    assert sans_stockage(response), role


def test_a_public_page_for_a_visitor_stays_cacheable(client, monde):
    """Only personal pages: the residents' public pages keep the browser's cache."""
    response = client.get(reverse("permanences:demarches"))
    assert response.status_code == 200
    assert not sans_stockage(response)


def test_every_page_says_which_browser_features_are_off(client, client_de, monde):
    """Permissions-Policy on public pages (from the page cache too) and logged-in ones."""
    attendu = "camera=()"
    for _ in range(2):  # rendered, then served from the public page cache
        assert attendu in client.get(reverse("permanences:demarches"))["Permissions-Policy"]
    journee = client_de(monde["utilisateurs"]["personnel"]).get(reverse("permanences:journee"))
    assert attendu in journee["Permissions-Policy"]
