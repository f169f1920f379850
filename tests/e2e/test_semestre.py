"""A volunteer drafts the next semester on a phone: checks a conflict, fixes it, sends it."""

import pytest
from django.utils import timezone

from permanences.models import Calendrier
from permanences.services.semestre import semestre_suivant
from tests.e2e.conftest import assert_accessible, login
from tests.permanences.factories import ReservationSalleFactory, SalleFactory, paris
from tests.ruche.factories import PASSWORD, BenevoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def premier_mardi(annee, semestre):
    """The first Tuesday of the semester that is not 1 January."""
    mois = 1 if semestre == 1 else 7
    jour = 2
    while paris(annee, mois, jour).weekday() != 1:
        jour += 1
    return jour, mois


def test_volunteer_drafts_and_sends_the_semester_on_a_phone(phone_page):
    page = phone_page
    volunteer = BenevoleFactory(first_name="Maryse", last_name="Nordez")
    annee, semestre = semestre_suivant(timezone.localdate())
    ceze = SalleFactory(nom="Salle Cèze", capacite=12)
    SalleFactory(nom="Bureau d'accueil 2", capacite=3)
    jour, mois = premier_mardi(annee, semestre)
    ReservationSalleFactory(
        salle=ceze, debut=paris(annee, mois, jour, 10), fin=paris(annee, mois, jour, 11)
    )

    login(page, volunteer.username, PASSWORD)
    page.goto(page.base_url + "/espace/calendriers/")
    assert_accessible(page)
    page.get_by_role("button", name="Préparer ce calendrier").click()
    page.wait_for_url("**/espace/calendriers/*/")
    assert_accessible(page)

    page.locator("#id_jour_semaine").select_option(label="mardi")
    page.locator("#id_heure_debut").fill("09:00")
    page.locator("#id_heure_fin").fill("12:00")
    page.locator("#id_salle").select_option(label="Salle Cèze")
    page.get_by_label("Maryse Nordez").check()
    page.get_by_role("button", name="Vérifier", exact=True).click()
    assert "est déjà réservée" in page.locator("#apercu-titre + ul").inner_text()
    assert page.locator("#id_heure_debut").input_value() == "09:00"
    assert_accessible(page)

    page.locator("#id_salle").select_option(label="Bureau d'accueil 2")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    assert "Aucun conflit" in page.locator("section[role=status]").inner_text() or (
        "déjà réservée" not in page.locator("section[role=status]").inner_text()
    )
    page.get_by_role("button", name="Ajouter", exact=True).click()
    assert "Permanence ajoutée" in page.content()
    page.get_by_role("button", name="Envoyer le calendrier à la Ruche").click()
    assert "Calendrier envoyé à la Ruche" in page.content()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    calendrier = Calendrier.objects.get()
    assert calendrier.statut == Calendrier.Statut.SOUMIS


def test_volunteer_skips_the_one_clashing_date_and_sends_the_rest_on_a_phone(phone_page):
    page = phone_page
    volunteer = BenevoleFactory(first_name="Maryse", last_name="Nordez")
    annee, semestre = semestre_suivant(timezone.localdate())
    ceze = SalleFactory(nom="Salle Cèze", capacite=12)
    jour, mois = premier_mardi(annee, semestre)
    ReservationSalleFactory(
        salle=ceze, debut=paris(annee, mois, jour, 10), fin=paris(annee, mois, jour, 11)
    )

    login(page, volunteer.username, PASSWORD)
    page.goto(page.base_url + "/espace/calendriers/")
    page.get_by_role("button", name="Préparer ce calendrier").click()
    page.wait_for_url("**/espace/calendriers/*/")
    page.locator("#id_jour_semaine").select_option(label="mardi")
    page.locator("#id_heure_debut").fill("09:00")
    page.locator("#id_heure_fin").fill("12:00")
    page.locator("#id_salle").select_option(label="Salle Cèze")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    assert "Réglez d'abord les conflits en rouge" in page.content()

    # The line keeps its room; only the clashing Tuesday is skipped, ticked already.
    case = page.get_by_role("checkbox", name=f"mardi {jour}", exact=False)
    assert case.is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Pas de permanence ces jours-là").click()
    assert "Les autres semaines restent" in page.content()
    # Back at the line's card, not at the top of the page.
    assert page.url.endswith(f"#permanence-{Calendrier.objects.get().permanences.get().pk}")
    # The browser scrolls to the fragment once the page is laid out, which may come a moment
    # after the load event: wait for it (a page left at its top still fails, after 5 s).
    page.wait_for_function("window.scrollY > 0", timeout=5000)
    assert "Réglez d'abord les conflits" not in page.content()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Envoyer le calendrier à la Ruche").click()
    assert "Calendrier envoyé à la Ruche" in page.content()
    assert Calendrier.objects.get().statut == Calendrier.Statut.SOUMIS
