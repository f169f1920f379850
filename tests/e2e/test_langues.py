"""A resident books on a phone in French, English and Arabic: the Arabic page is right to
left, axe finds nothing, a form sent with an error puts the focus on its summary, and the
booking goes through to the page of the secret link. One browser serves every check."""

import re

import pytest

from permanences.models import Demarche, RendezVous
from ruche.models.lieu import lieu_principal
from tests.e2e.conftest import assert_accessible
from tests.permanences.factories import DemarcheFactory, occurrence_pour

pytestmark = pytest.mark.django_db(transaction=True)

ERREUR = {"fr": "Erreur", "en": "Error", "ar": "خطأ"}
RESERVE = {"fr": "Réservé", "en": "Booked", "ar": "محجوز"}


@pytest.fixture(autouse=True)
def _settings(settings, transactional_db):
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"
    settings.SITE_URL = "https://ruche.exemple.fr"
    lieu = lieu_principal()
    lieu.telephone = "04 66 00 00 00"
    lieu.save()


def _pictogrammes_affiches(page, combien):
    """The pictograms are drawn (loaded from static/ under the CSP) and left out by screen
    readers, the words beside them saying the same."""
    page.wait_for_load_state("load")
    assert page.locator("main img.pictogramme").count() >= combien
    assert page.evaluate(
        "[...document.querySelectorAll('main img.pictogramme')]"
        ".every(i => i.complete && i.naturalWidth > 0 && i.alt === '')"
    )


def test_booking_on_a_phone_in_each_language(phone_page):
    page = phone_page
    demarche = DemarcheFactory(
        nom="Renouvellement de titre de séjour",
        nom_en="Residence permit renewal",
        nom_ar="تجديد بطاقة الإقامة",
        slug="titre-de-sejour",
        theme=Demarche.Theme.TITRE_SEJOUR,
    )
    occurrence_pour(demarche)

    for rang, langue in enumerate(["fr", "en", "ar"]):
        page.goto(page.base_url + f"/langue/{langue}/?suivant=/")
        html = page.locator("html")
        assert html.get_attribute("lang") == langue
        assert html.get_attribute("dir") == ("rtl" if langue == "ar" else "ltr")
        assert "04 66 00 00 00" in page.locator("main").inner_text()
        assert_accessible(page)

        page.goto(page.base_url + "/rendez-vous/")
        _pictogrammes_affiches(page, 1)
        page.locator('main a[href="/rendez-vous/titre-de-sejour/"]').first.click()
        _pictogrammes_affiches(page, 4)  # the démarche's and one per paper to bring
        page.locator("a.creneau").first.click()
        assert_accessible(page)

        # Sent without ticking the notice: the summary comes first and holds the focus.
        page.locator("#id_nom").fill("Awa Diallo")
        page.locator("#id_telephone").fill(f"06 12 34 56 7{rang}")
        page.locator("form.formulaire-court button[type=submit]").click()
        page.wait_for_selector("#erreurs")
        assert page.title().startswith(ERREUR[langue])
        assert page.evaluate("document.activeElement.id") == "erreurs"
        assert page.locator('#erreurs a[href="#id_accepte"]').count() == 1
        assert page.locator("#id_nom").input_value() == "Awa Diallo"
        assert_accessible(page)

        page.locator("#id_accepte").check()
        page.locator("form.formulaire-court button[type=submit]").click()
        page.wait_for_url(re.compile(r"/rendez-vous/[\w-]{32}/$"))
        main = page.locator("main").inner_text()
        assert RESERVE[langue] in main and "•• •• •• 7" in main
        assert page.locator("#lien-secret").inner_text() == page.url
        assert page.locator("[data-copier]").is_visible()  # JavaScript runs here
        assert_accessible(page)

    assert sorted(RendezVous.objects.values_list("langue", flat=True)) == ["ar", "en", "fr"]
