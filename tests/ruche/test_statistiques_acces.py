"""Who reaches what: anonymous → login, volunteer → 403, committee reads the statistics only,
staff reach everything."""

import pytest
from django.urls import reverse

from tests.ruche.factories import PassageFactory

pytestmark = pytest.mark.django_db

STATISTIQUES = [
    ("statistiques:tableau_de_bord", []),
    ("statistiques:rapport", [2023]),
    ("statistiques:csv", ["accompagnement"]),
    ("statistiques:xlsx", ["tout"]),
    ("statistiques:xlsx", ["mois"]),
]
JOURNAL = [
    ("passages:journal", []),
    ("passages:corriger", ["pk"]),
    ("passages:supprimer", ["pk"]),
]
ATTENDU = {
    # role: (statistics, visitor log)
    None: (302, 302),
    "sans_role": (403, 403),
    "benevole": (403, 403),
    "comite": (200, 403),
    "personnel": (200, 200),
}


@pytest.mark.parametrize("role", list(ATTENDU))
@pytest.mark.parametrize("nom, args", STATISTIQUES + JOURNAL)
def test_permission_grid(request, client_de, role, nom, args):
    utilisateur = request.getfixturevalue(role) if role else None
    passage = PassageFactory()
    url = reverse(nom, args=[passage.pk if a == "pk" else a for a in args])
    response = client_de(utilisateur).get(url)
    attendu = ATTENDU[role][0 if nom.startswith("statistiques") else 1]
    assert response.status_code == attendu
    if attendu == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["comite", "benevole"])
def test_committee_and_volunteers_cannot_write_to_the_log(request, client_de, role):
    passage = PassageFactory()
    client = client_de(request.getfixturevalue(role))
    assert client.post(reverse("passages:journal"), {"accompagnement": "autre"}).status_code == 403
    url = reverse("passages:supprimer", args=[passage.pk])
    assert client.post(url, {"motif": "x"}).status_code == 403


def test_menu_shows_each_role_its_entries(client_de, personnel, comite, benevole):
    html = client_de(personnel).get("/").content.decode()
    assert 'href="/passages/"' in html and 'href="/statistiques/"' in html
    html = client_de(comite).get("/").content.decode()
    assert 'href="/passages/"' not in html and 'href="/statistiques/"' in html
    html = client_de(benevole).get("/").content.decode()
    assert 'href="/passages/"' not in html and 'href="/statistiques/"' not in html
