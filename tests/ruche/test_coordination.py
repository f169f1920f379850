"""The network coordination on the demo's two places: its menu leads to its pages, what they
show it may open, it looks at one place at a time; staff of the second place see their own
place in the header and footer."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.urls import reverse

from partenariats.models import Convention
from ruche.models import Lieu, Passage, Utilisateur
from tests.demo import charger_demo
from tests.permanences.conftest import AUJOURDHUI

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo2():
    with time_machine.travel(AUJOURDHUI, tick=False):
        charger_demo(lieux=2)
        yield {
            nom: Utilisateur.objects.get(username=nom)
            for nom in ("agent", "agent2", "coordination", "comite", "presidente")
        }


def principal(html):
    return html[html.index('<main id="contenu"') : html.index("</main>")]


def liens(html):
    """The site's own links in the page's main part (not files, not other sites)."""
    for href in re.findall(r'<a[^>]+href="([^"#]+)', principal(html)):
        adresse = urlsplit(urljoin("http://testserver/", href.replace("&amp;", "&")))
        if adresse.netloc == "testserver" and not adresse.path.startswith("/static/"):
            yield adresse.path + (f"?{adresse.query}" if adresse.query else "")


def test_the_coordination_menu_leads_to_statistics_and_conventions(client, demo2):
    client.force_login(demo2["coordination"])
    reponse = client.get("/", follow=True)
    menu = reponse.content.decode().split("<main")[0]
    assert 'href="/statistiques/"' in menu and 'href="/conventions/"' in menu
    assert 'href="/espace/journee/"' not in menu and 'href="/passages/"' not in menu


def test_what_the_coordination_sees_it_may_open_and_nothing_it_may_not_do(client, demo2):
    """Every link of its pages answers, and no page offers a form it would be refused."""
    client.force_login(demo2["coordination"])
    pages = ["/statistiques/", "/conventions/"]
    pages += [
        reverse("partenariats:detail", args=[pk])
        for pk in Convention.objects.values_list("pk", flat=True)
    ]
    vus, refuses = set(), []
    for page in pages:
        html = client.get(page).content.decode()
        assert 'method="post"' not in principal(html), page
        for lien in liens(html):
            if lien in vus:
                continue
            vus.add(lien)
            if client.get(lien).status_code in (403, 404, 405):
                refuses.append((page, lien))
    assert len(vus) > 10
    assert refuses == []


def test_the_committee_still_records_its_minutes(client, demo2):
    client.force_login(demo2["comite"])
    convention = Convention.objects.des_lieux_de(demo2["comite"]).filter(comites__isnull=False)[0]
    html = client.get(reverse("partenariats:detail", args=[convention.pk])).content.decode()
    assert "Enregistrer le compte rendu" in html


def test_the_coordination_looks_at_one_place_at_a_time(client, demo2):
    client.force_login(demo2["coordination"])
    a, b = Lieu.objects.order_by("pk")
    tous = client.get("/statistiques/")
    assert 'name="lieu"' in tous.content.decode()
    total = tous.context["stats"].total
    un = client.get("/statistiques/", {"lieu": b.pk})
    html = un.content.decode()
    assert f'<option value="{b.pk}" selected>' in html and b.nom in html
    assert un.context["stats"].total == Passage.objects.filter(lieu=b).count() < total
    assert f"?lieu={b.pk}" in html  # the report and the exports follow
    conventions = client.get("/conventions/", {"lieu": b.pk}).content.decode()
    assert "Garrigues" in conventions
    assert Convention.objects.get(lieu=a).titre not in conventions.replace("&#x27;", "'")
    for mauvais in ("999999", "deux", "-1", "1" * 12):
        assert client.get("/statistiques/", {"lieu": mauvais}).status_code == 404
        assert client.get("/conventions/", {"lieu": mauvais}).status_code == 404


def test_staff_of_one_place_see_no_place_filter_and_may_not_ask_for_another(client, demo2):
    a, b = Lieu.objects.order_by("pk")
    client.force_login(demo2["agent2"])
    assert 'name="lieu"' not in client.get("/statistiques/").content.decode()
    assert client.get("/statistiques/", {"lieu": b.pk}).status_code == 200
    assert client.get("/statistiques/", {"lieu": a.pk}).status_code == 404
    assert client.get("/conventions/", {"lieu": a.pk}).status_code == 404
    rapport = reverse("statistiques:rapport", args=[AUJOURDHUI.year])
    assert client.get(rapport, {"lieu": a.pk}).status_code == 404


def test_staff_of_the_second_place_see_their_place_in_header_and_footer(client, demo2):
    a, b = Lieu.objects.order_by("pk")
    client.force_login(demo2["agent2"])
    html = client.get("/espace/journee/").content.decode()
    entete, pied = html.split("<main")[0], html.split("</main>")[1]
    assert b.nom in entete and "logo_entete" not in entete and "/logos/entete/" not in entete
    assert b.nom in pied and "Bagnols-sur-Cèze" not in pied
    assert f"<title>Ma journée — {b.nom}</title>" in html
    # Their menu's public pages are their place's.
    assert f'href="/{b.slug}/rendez-vous/"' in entete
    client.force_login(demo2["agent"])
    entete = client.get("/espace/journee/").content.decode().split("<main")[0]
    assert a.nom in entete and b.nom not in entete
    client.force_login(demo2["coordination"])
    entete = client.get("/statistiques/").content.decode().split("<main")[0]
    assert "Espaces France Services" in entete


def test_the_volunteers_keep_the_partners_logos(client, demo2):
    client.force_login(demo2["presidente"])
    entete = client.get("/espace/").content.decode().split("<main")[0]
    assert "/logos/entete/ruche/" in entete and "/logos/entete/partenaire/" in entete


def test_a_place_of_several_shows_its_own_logo_beside_its_name(client, demo2):
    """The second place's operating organisation uploads a logo: its staff's pages and its
    public pages show it beside the place's name (at once: the cached header follows the
    logo), served to anyone; a place without one keeps its name alone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, b = Lieu.objects.order_by("pk")
    client.force_login(demo2["agent2"])
    client.get("/espace/journee/")  # the header without a logo, cached
    organisation = b.organisation
    organisation.logo = SimpleUploadedFile("garrigues.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    organisation.save()
    adresse = reverse("logo_du_lieu", args=[b.slug])
    for page in ("/espace/journee/", f"/{b.slug}/"):
        entete = client.get(page).content.decode().split("<main")[0]
        assert f'<img src="{adresse}?v=' in entete and b.nom in entete, page
    client.logout()
    entete = client.get(f"/{b.slug}/rendez-vous/").content.decode().split("<main")[0]
    assert f'<img src="{adresse}?v=' in entete
    reponse = client.get(adresse)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "image/png"
    # The first place's operator has no logo of its own: its name alone, and no such file.
    entete = client.get(f"/{a.slug}/").content.decode().split("<main")[0]
    assert a.nom in entete and "<img" not in entete
    assert client.get(reverse("logo_du_lieu", args=[a.slug])).status_code == 404
    assert client.get(reverse("logo_du_lieu", args=["nulle-part"])).status_code == 404
