"""At phone width: "Annuler" on a visit asks first; only the answer "Oui" deletes it."""

import pytest

from ruche.models import Passage
from tests.e2e.conftest import assert_accessible, login
from tests.ruche.factories import PASSWORD, PersonnelFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_cancel_a_visit_only_after_confirming(phone_page):
    page = phone_page
    agent = PersonnelFactory()
    login(page, agent.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(page.base_url + "/passages/")
    page.get_by_role("button", name="Accès en autonomie à l'ordinateur").click()
    page.wait_for_url(page.base_url + "/passages/#saisie")
    page.get_by_role("button", name="Pris en charge par la CNFS").click()
    page.wait_for_url(page.base_url + "/passages/#saisie")

    page.locator(".liste-passages li").first.get_by_role("link", name="Annuler").click()
    page.wait_for_url("**/supprimer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Supprimer ce passage ?"
    assert_accessible(page)
    assert Passage.objects.count() == 2
    page.get_by_role("link", name="Non, le garder").click()
    page.wait_for_url(page.base_url + "/passages/")
    assert Passage.objects.count() == 2

    page.locator(".liste-passages li").first.get_by_role("link", name="Annuler").click()
    page.get_by_role("button", name="Oui, supprimer ce passage").click()
    page.wait_for_url(page.base_url + "/passages/")
    assert "Passage supprimé." in page.content()
    assert page.locator(".liste-passages li").count() == 1
    assert Passage.objects.count() == 1
    assert Passage.history.filter(history_type="-", history_user=agent).count() == 1
