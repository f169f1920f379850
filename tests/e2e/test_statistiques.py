"""At phone width: staff record three visits, read the dashboard, download the report."""

import pytest

from ruche.statistiques import demo
from tests.e2e.conftest import assert_accessible, login, ouvrir_menu
from tests.pdf import pdf_text
from tests.ruche.factories import PASSWORD, PersonnelFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_records_visits_and_reads_the_figures_on_a_phone(phone_page):
    page = phone_page
    erreurs = []
    page.on(
        "console",
        lambda message: erreurs.append(message.text) if message.type == "error" else None,
    )
    demo.charger_totaux_2023()
    agent = PersonnelFactory()
    login(page, agent.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")

    ouvrir_menu(page)
    page.get_by_role("link", name="Passages", exact=True).click()
    page.wait_for_url(page.base_url + "/passages/")
    assert_accessible(page)
    page.get_by_role("button", name="Accompagnement individuel sans rendez-vous").click()
    page.wait_for_url(page.base_url + "/passages/#saisie")
    page.get_by_label("Opérateur et thème (facultatif)").select_option(
        label="Assurance retraite, thème non précisé"
    )
    page.get_by_role("button", name="Pris en charge par la CNFS").click()
    page.wait_for_url(page.base_url + "/passages/#saisie")
    page.get_by_role("button", name="Accès en autonomie à l'ordinateur").click()
    page.wait_for_url(page.base_url + "/passages/#saisie")
    assert "Aujourd'hui : 3 passages" in page.locator("h2").first.inner_text()
    assert page.locator(".liste-passages li").count() == 3
    assert_accessible(page)

    ouvrir_menu(page)
    page.get_by_role("link", name="Statistiques").click()
    page.wait_for_url(page.base_url + "/statistiques/")
    page.wait_for_selector("[data-graphique='accompagnement'] canvas")
    assert page.locator(".graphique canvas").count() == 4
    total = page.locator("table").first.locator("tfoot td").first.inner_text()
    assert total == "3"
    assert_accessible(page)

    # On a phone the figures come first: the filters are folded above them.
    filtres = page.get_by_text("Choisir une autre année ou une période")
    assert not page.get_by_label("Année").is_visible()
    assert filtres.bounding_box()["height"] < 60
    filtres.click()
    page.get_by_label("Année").select_option("2023")
    page.get_by_role("button", name="Voir l'année").click()
    # The tables fold under their titles, the first one open: the months' chart shows once
    # its title is opened.
    page.wait_for_selector("[data-graphique='mois'] canvas", state="attached")
    page.locator("#titre-mois").click()
    page.wait_for_selector("[data-graphique='mois'] canvas")
    assert "Non ventilé" in page.locator("table").first.inner_text()
    assert_accessible(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Rapport 2023 pour le comité de suivi (PDF)").click()
    with open(telechargement.value.path(), "rb") as fichier:
        contenu = " ".join(pdf_text(fichier.read())).replace("\xa0", " ").replace("\u202f", " ")
    assert "948" in contenu and "Rapport annuel 2023" in contenu

    assert not [e for e in erreurs if "Content Security Policy" in e], erreurs
    assert erreurs == []
