"""Several places, on a phone without JavaScript trouble: the list of places (a postcode puts
the nearest first, a bad one is answered beside the field) and a place's home, checked by axe."""

from datetime import date

import pytest

from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.e2e.conftest import assert_accessible
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_list_of_places_and_a_place_s_home(phone_page):
    page = phone_page
    premier = lieu_principal()
    Lieu.objects.filter(pk=premier.pk).update(code_postal="30200", commune="Bagnols-sur-Cèze")
    pont = Lieu.objects.create(
        nom="France Services Pont",
        slug="pont",
        adresse="1 place de la République",
        code_postal="30130",
        commune="Pont-Saint-Esprit",
        telephone="04 66 00 00 02",
        presentation="Près de la mairie, au rez-de-chaussée.",
    )
    convention = ConventionFactory(
        lieu=pont, debut=date(2020, 1, 1), premiere_fin=date(2020, 12, 31)
    )
    partenaire = OrganisationFactory(
        nom="Association des quartiers", sigle="AQ", en_convention=False
    )
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)

    page.goto(page.base_url + "/")
    assert page.locator("main h3").all_inner_texts() == [
        "France Services Pont",
        "La Ruche numérique",
    ]
    assert_accessible(page)

    page.get_by_label("Votre code postal").fill("3020")
    page.get_by_role("button", name="Voir les lieux proches").click()
    assert "Écrivez les 5 chiffres de votre code postal." in page.locator("main").inner_text()
    assert page.get_by_label("Votre code postal").input_value() == "3020"
    assert_accessible(page)

    page.get_by_label("Votre code postal").fill("30200")
    page.get_by_role("button", name="Voir les lieux proches").click()
    assert page.locator("main h3").all_inner_texts() == [
        "La Ruche numérique",
        "France Services Pont",
    ]

    page.get_by_role("link", name="Choisir ce lieu : France Services Pont").click()
    assert page.url.endswith("/pont/")
    assert page.locator("h1").inner_text() == "France Services Pont"
    principal = page.locator("main").inner_text()
    assert "04 66 00 00 02" in principal and "Près de la mairie" in principal
    assert "Association des quartiers (AQ)" in principal and "A.V.A.Q.B-C" not in principal
    assert_accessible(page)
