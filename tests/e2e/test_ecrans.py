"""The screens staff and volunteers complained of, on a phone (390 px) and on a computer, on
the demo data with its second place: the week's first day in the first screen, a room table
that says it scrolls, the counter that comes back at its buttons, a statistics page of titles
to open, the coordination's menu and place filter, a menu that needs no recent CSS, fields
whose edge shows, and nothing axe finds."""

import pytest

from ruche.models import Lieu
from ruche.statistiques import demo as statistiques
from tests.demo import charger_demo
from tests.e2e.conftest import assert_accessible, login, ouvrir_menu

pytestmark = pytest.mark.django_db(transaction=True)

AGENT = ("agent", "ruche-agent-2026")
PRESIDENTE = ("presidente", "avaq-presidente-2026")
COMITE = ("comite", "comite-suivi-2026")
COORDINATION = ("coordination", "reseau-coordination-2026")
HAUTEUR_ECRAN = 844


@pytest.fixture
def demo(db):
    """The demo with its second place, less its generated log of visits since 2024."""
    charger_demo(lieux=2, journal=False)
    statistiques.charger_totaux_2023()


def attendre_le_defilement(page):
    """The page scrolls smoothly to an address's fragment: wait until it stands still."""
    page.wait_for_function(
        "() => new Promise(r => { const y = scrollY; setTimeout(() => r(scrollY === y), 150); })"
    )


def en_vue(page, selecteur):
    boite = page.locator(selecteur).first.bounding_box()
    return boite is not None and boite["y"] >= 0 and boite["y"] + 40 <= HAUTEUR_ECRAN


def test_the_week_shows_its_first_day_in_the_first_screen(phone_page, demo):
    page = phone_page
    login(page, *PRESIDENTE)
    page.wait_for_url("**/espace/")
    assert en_vue(page, "section.jour h2")
    # The tabs fold behind one line naming the open one.
    assert page.get_by_role("link", name="Mois", exact=True).is_hidden()
    page.locator("summary.onglets-bouton").click()
    assert page.get_by_role("link", name="Mois", exact=True).is_visible()
    # The three week buttons stand on one line.
    hauts = {round(page.locator(".changer-periode a").nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(hauts) == 1
    assert_accessible(page)


def test_the_rooms_table_says_it_scrolls_and_keeps_the_rooms_in_view(phone_page, demo):
    page = phone_page
    login(page, *AGENT)
    page.goto(page.base_url + "/espace/salles/")
    assert page.get_by_text("faites-le glisser sur le côté").is_visible()
    region = page.get_by_role("region", name="Réservations des salles")
    largeurs = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert largeurs[0] > largeurs[1]
    salle = page.locator(".occupation tbody th").first
    x = salle.bounding_box()["x"]
    region.evaluate("r => r.scrollBy(300, 0)")
    assert abs(salle.bounding_box()["x"] - x) < 1  # the room's name stays
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)


def test_a_tap_on_the_counter_comes_back_at_its_buttons(phone_page, demo):
    page = phone_page
    login(page, *AGENT)
    page.wait_for_url("**/espace/journee/")
    page.get_by_role("button", name="Accès en autonomie à l'ordinateur").click()
    page.wait_for_url("**/espace/journee/#passages")
    attendre_le_defilement(page)
    assert page.evaluate("scrollY") > 0
    assert en_vue(page, ".messages-sur-place .alert")
    assert "Passage enregistré" in page.locator(".messages-sur-place").inner_text()
    assert en_vue(page, ".boutons-passage button")
    assert_accessible(page)


def test_the_statistics_are_titles_to_open(phone_page, demo):
    page = phone_page
    login(page, *COMITE)
    page.wait_for_url("**/statistiques/")
    hauteur = page.evaluate("document.documentElement.scrollHeight")
    assert hauteur < 4000, hauteur
    plis = page.locator("details.section-stats")
    assert plis.count() >= 8
    page.get_by_role("heading", name="Visiteurs par mois").click()
    page.wait_for_selector("[data-graphique='mois'] canvas")
    assert page.locator("[data-graphique='mois'] canvas").bounding_box()["width"] > 300
    page.get_by_role("heading", name="Temps de bilan avec les partenaires").click()
    total = page.locator("table:has(caption:text('Comités de suivi')) tfoot")
    # On a phone's card each value is named by its label (a ::before): "Nombre", not "État".
    noms = total.locator("td").evaluate_all(
        "tds => tds.filter(td => td.offsetParent !== null)"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert len(noms) == 1 and "Nombre" in noms[0], noms
    assert_accessible(page)


def test_the_coordination_menu_and_one_place_at_a_time(phone_page, demo):
    page = phone_page
    login(page, *COORDINATION)
    page.wait_for_url("**/statistiques/")
    ouvrir_menu(page)
    assert page.get_by_role("link", name="Statistiques").is_visible()
    page.get_by_role("link", name="Conventions").click()
    page.wait_for_url("**/conventions/")
    assert_accessible(page)
    garrigues = Lieu.objects.get(slug__contains="garrigues")
    page.get_by_label("Lieu").select_option(str(garrigues.pk))
    page.get_by_role("button", name="Voir ce lieu").click()
    page.wait_for_url(f"**/conventions/?lieu={garrigues.pk}")
    assert page.locator("main tbody tr").count() == 1
    page.locator("main tbody a").first.click()
    assert "Enregistrer le compte rendu" not in page.content()
    assert page.locator("main form[method=post]").count() == 0
    assert_accessible(page)
    page.goto(page.base_url + f"/statistiques/?lieu={garrigues.pk}")
    assert garrigues.nom in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_wide_menu_needs_no_recent_css_and_fields_show_their_edge(page, demo):
    """At 1280 px the menu is a plain list, never a closed <details> opened by CSS (which
    Safari before 18.4 and Firefox before 143 leave shut); field edges reach 3:1."""
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, *AGENT)
    page.wait_for_url("**/espace/journee/")
    lien = page.get_by_role("link", name="Statistiques")
    assert lien.is_visible()
    assert lien.evaluate("a => a.closest('details') === null")
    assert page.locator("summary.menu-bouton").is_hidden()
    page.goto(page.base_url + "/espace/")
    assert page.get_by_role("link", name="Mois", exact=True).is_visible()
    page.goto(page.base_url + "/passages/")
    contrastes = page.evaluate(CONTRASTES_DES_BORDS)
    assert contrastes and min(contrastes) >= 3, contrastes


def test_a_focused_field_keeps_its_edge(phone_page):
    """Bootstrap turns a focused field's edge light blue (2.2:1 on white): the field the
    login page focuses first must still show where to type (WCAG 1.4.11)."""
    page = phone_page
    page.goto(page.base_url + "/connexion/")
    for champ in ("Nom d’utilisateur", "Mot de passe"):
        page.get_by_label(champ).focus()
        contrastes = page.evaluate(CONTRASTES_DES_BORDS)
        assert contrastes and min(contrastes) >= 3, (champ, contrastes)
    assert_accessible(page)


# The contrast of each visible field's edge with the background behind it (WCAG formula).
CONTRASTES_DES_BORDS = """() => {
  const lum = c => {
    const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const fond = e => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (!c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
    .filter(e => e.offsetParent !== null)
    .map(e => {
      const a = lum(getComputedStyle(e).borderTopColor), b = lum(fond(e));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
}"""


def test_the_accessibility_statement_on_a_phone_in_three_languages(phone_page, demo):
    import datetime as dt
    from decimal import Decimal

    from ruche.models import AuditAccessibilite

    page = phone_page
    page.goto(page.base_url + "/accessibilite/")
    assert "Accessibilité : non conforme" in page.locator("footer").inner_text()
    assert_accessible(page)
    AuditAccessibilite.objects.create(
        date=dt.date(2027, 3, 4), auditeur="Cabinet Exemple", taux=Decimal("72"), pages="Accueil /"
    )
    for langue, statut in (("fr", "partiellement conforme"), ("en", "partly compliant")):
        page.goto(page.base_url + f"/langue/{langue}/")
        page.goto(page.base_url + "/accessibilite/")
        assert statut in page.locator("main").inner_text()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        assert_accessible(page)
    page.goto(page.base_url + "/langue/ar/")
    page.goto(page.base_url + "/accessibilite/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
