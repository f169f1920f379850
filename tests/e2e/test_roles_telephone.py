"""Each role on a phone (390 px): where they land after login, a header that leaves room
for the page, and on every page of theirs no sideways scrolling and nothing axe finds.

One browser for the module, one test per role; the demo data give every page something
to show (sessions, appointments, workshops with a waiting list, the convention)."""

import pytest
from django.utils import timezone

from partenariats.models import Convention
from permanences.models import Atelier, Demarche, RendezVous
from ruche.statistiques import demo as statistiques
from tests.demo import charger_demo
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# The demo accounts (ruche/demo.py).
AGENT = ("agent", "ruche-agent-2026")
PRESIDENTE = ("presidente", "avaq-presidente-2026")
COMITE = ("comite", "comite-suivi-2026")
# The header with its menu folded: logos and one button on one line.
ENTETE_MAX = 90


# The innermost elements that reach past the right edge, to say what makes a page pan.
DEBORDENT = """() => {
  const bord = document.scrollingElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > bord + 0.5)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > bord + 0.5))
    .slice(0, 3)
    .map(e => `${e.tagName}.${[...e.classList].join(".")} « ${e.textContent.slice(0, 40)} »`);
}"""


@pytest.fixture
def demo(db):
    """The demo data, less its generated log of visits since 2024 (the slowest part)."""
    charger_demo(journal=False)
    statistiques.charger_totaux_2023()


def problemes_de(page):
    """What is wrong with the page as it is: sideways scrolling, axe violations."""
    from axe_playwright_python.sync_playwright import Axe

    problemes = []
    largeur, visible = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    if largeur > visible:
        debordent = page.evaluate(DEBORDENT)
        problemes.append(f"{page.url}: défile de côté ({largeur} > {visible} px) : {debordent}")
    resultats = Axe().run(page)
    if resultats.violations_count:
        problemes.append(f"{page.url}: {resultats.generate_report()}")
    return problemes


def parcourir(page, chemins):
    problemes = []
    for chemin in chemins:
        reponse = page.goto(page.base_url + chemin)
        assert reponse.status == 200, chemin
        problemes += problemes_de(page)
    return problemes


def verifier_entete_et_menu(page, entree):
    """The folded header is short; the menu button opens the role's entries."""
    hauteur = page.locator("header.entete").bounding_box()["height"]
    assert hauteur <= ENTETE_MAX, hauteur
    lien = page.get_by_role("link", name=entree, exact=True)
    assert not lien.is_visible()
    page.locator("summary.menu-bouton").click()
    assert lien.is_visible()
    problemes = problemes_de(page)
    page.locator("summary.menu-bouton").click()
    return problemes


def test_staff_land_on_their_day_board_on_a_phone(phone_page, demo):
    page = phone_page
    login(page, *AGENT)
    page.wait_for_url(page.base_url + "/espace/journee/")
    assert page.get_by_role("heading", name="À regarder").is_visible()
    problemes = verifier_entete_et_menu(page, "Passages")
    problemes += problemes_de(page)
    page.get_by_role("button", name="Accès en autonomie à l'ordinateur").click()
    # The page comes back at the counter, its message beside the buttons.
    page.wait_for_url("**/espace/journee/#passages")
    assert "Passage enregistré" in page.locator(".messages-sur-place").inner_text()
    convention = Convention.objects.get()
    rdv = RendezVous.objects.first()
    jour = timezone.localdate().isoformat()
    problemes += parcourir(
        page,
        [
            "/passages/",
            "/espace/",
            "/espace/mois/",
            f"/espace/jour/{jour}/",
            "/espace/salles/",
            "/espace/reserver/",
            "/espace/agenda/",
            f"/espace/rendez-vous/{rdv.debut.date().isoformat()}/",
            f"/espace/rendez-vous/fiche/{rdv.pk}/",
            "/statistiques/",
            "/conventions/",
            f"/conventions/{convention.pk}/",
        ],
    )
    assert not problemes, "\n".join(problemes)


def test_volunteers_land_on_their_week_on_a_phone(phone_page, demo):
    page = phone_page
    login(page, *PRESIDENTE)
    page.wait_for_url(page.base_url + "/espace/")
    assert page.locator("h1").inner_text() == "Les permanences de la semaine"
    problemes = verifier_entete_et_menu(page, "Rendez-vous du jour")
    problemes += problemes_de(page)
    rdv = RendezVous.objects.first()
    demarche = Demarche.objects.actives().first()
    problemes += parcourir(
        page,
        [
            "/espace/mois/",
            f"/espace/jour/{timezone.localdate().isoformat()}/",
            "/espace/reserver/",
            "/espace/agenda/",
            "/espace/rendez-vous/",
            f"/espace/rendez-vous/{rdv.debut.date().isoformat()}/",
            f"/espace/rendez-vous/fiche/{rdv.pk}/",
            f"/espace/rendez-vous/nouveau/?demarche={demarche.pk}",
            "/espace/ateliers/",
            f"/espace/ateliers/{Atelier.objects.order_by('-debut').first().pk}/",
        ],
    )
    assert not problemes, "\n".join(problemes)


def test_the_committee_lands_on_the_years_figures_on_a_phone(phone_page, demo):
    page = phone_page
    login(page, *COMITE)
    page.wait_for_url(page.base_url + "/statistiques/")
    # The figures come first: the filters are folded above them.
    assert page.locator("main h2").first.bounding_box()["y"] < 300
    problemes = verifier_entete_et_menu(page, "Conventions")
    problemes += problemes_de(page)
    convention = Convention.objects.get()
    problemes += parcourir(page, ["/conventions/", f"/conventions/{convention.pk}/"])
    assert not problemes, "\n".join(problemes)


def test_residents_pages_on_a_phone(phone_page, demo):
    page = phone_page
    page.goto(page.base_url + "/")
    problemes = verifier_entete_et_menu(page, "Ateliers")
    problemes += problemes_de(page)
    demarche = Demarche.objects.actives().first()
    atelier = Atelier.objects.a_venir().first()
    problemes += parcourir(
        page,
        [
            "/rendez-vous/",
            f"/rendez-vous/{demarche.slug}/",
            "/ateliers/",
            f"/ateliers/{atelier.pk}/",
            "/accessibilite/",
            "/donnees-personnelles/",
            "/connexion/",
        ],
    )
    assert not problemes, "\n".join(problemes)
