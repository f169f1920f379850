"""Staff log in, open the conventions and download the PDF; axe checks every page."""

import pytest

from partenariats.models import Convention
from tests.demo import charger_demo
from tests.e2e.conftest import assert_accessible, login
from tests.ruche.factories import PASSWORD, PersonnelFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_open_the_convention_and_download_its_pdf(page):
    charger_demo()
    convention = Convention.objects.get()
    utilisateur = PersonnelFactory()

    login(page, utilisateur.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.get_by_role("link", name="Conventions").click()
    page.wait_for_url(page.base_url + "/conventions/")
    assert page.locator("h1").inner_text() == "Conventions de partenariat"
    assert "Comité de suivi pas encore tenu" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="CONVENTION DE PARTENARIAT - La Ruche Numérique").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    main = page.locator("main").inner_text()
    assert "Les parties" in main and "Article 6 : Révision" in main
    assert_accessible(page)

    with page.expect_download() as attente:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; "
            "document.body.appendChild(a); a.click(); }",
            f"/conventions/{convention.pk}/pdf/",
        )
    chemin = attente.value.path()
    with open(chemin, "rb") as fichier:
        assert fichier.read(5) == b"%PDF-"

    # A bad date in the picker is answered in French, on an accessible page.
    page.get_by_label("Texte en vigueur le").fill("2025-02-28")
    page.get_by_role("button", name="Voir le texte à cette date").click()
    assert "Texte en vigueur le 28 février 2025" in page.locator("main").inner_text()
    page.goto(f"{page.base_url}/conventions/{convention.pk}/?date=2025-02-30")
    assert "Date non reconnue" in page.locator("main").inner_text()
    assert_accessible(page)


def test_staff_record_a_committee_on_a_phone(phone_page):
    page = phone_page
    charger_demo()
    convention = Convention.objects.get()
    utilisateur = PersonnelFactory()
    login(page, utilisateur.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(f"{page.base_url}/conventions/{convention.pk}/comites/nouveau/")
    page.get_by_label("Date de la réunion").fill("2023-11-20")
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_role("button", name="Enregistrer").click()
    assert "ne commence que le 1er janvier 2024" in page.locator("main").inner_text()
    assert page.get_by_label("Lieu").input_value() == "Salle du conseil"
    assert_accessible(page)
