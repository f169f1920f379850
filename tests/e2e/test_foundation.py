import pytest

from tests.e2e.conftest import assert_accessible, login
from tests.ruche.factories import PASSWORD, BenevoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_and_accessibility_statement_on_a_phone(phone_page):
    page = phone_page
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "La Ruche numérique vous aide"
    assert_accessible(page)
    # No audit recorded: the RGAA's model says "non conforme" until one is.
    page.get_by_role("link", name="Accessibilité : non conforme").click()
    assert "non conforme" in page.locator("main").inner_text()
    assert_accessible(page)


def test_volunteer_logs_in_with_the_keyboard(page):
    utilisateur = BenevoleFactory()
    page.goto(page.base_url + "/")
    page.locator("body").press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.inner_text() == "Aller au contenu"
    skip_link.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.goto(page.base_url + "/connexion/")
    assert_accessible(page)
    login(page, utilisateur.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert_accessible(page)


def test_wrong_password_is_answered_in_french(page):
    utilisateur = BenevoleFactory()
    login(page, utilisateur.username, "pas-le-bon")
    assert "Identifiant ou mot de passe incorrect." in page.locator("main").inner_text()
    assert_accessible(page)
