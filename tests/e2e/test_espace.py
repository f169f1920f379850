"""A volunteer on a phone books a room, meets a clash, then cancels a permanence."""

import datetime as dt

import pytest
from django.utils import timezone

from permanences.occurrences import jours_feries
from permanences.services.calendrier import reserver_permanence_ponctuelle
from tests.e2e.conftest import assert_accessible, login, ouvrir_menu
from tests.permanences.factories import SalleFactory
from tests.ruche.factories import PASSWORD, BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db(transaction=True)


def prochain_jour_ouvre():
    """A weekday at least a week ahead that is not a public holiday."""
    day = timezone.localdate() + dt.timedelta(days=7)
    while day.weekday() >= 5 or jours_feries(day, day):
        day += dt.timedelta(days=1)
    return day


def permanence_en_plus(volunteer, salle, day, debut, fin):
    return reserver_permanence_ponctuelle(
        organisation=volunteer.organisation,
        salle=salle,
        date=day,
        heure_debut=dt.time(debut),
        heure_fin=dt.time(fin),
        demarches=[],
        intervenants=[volunteer],
        par=volunteer,
    )


def test_volunteer_books_meets_a_clash_and_cancels_on_a_phone(phone_page):
    page = phone_page
    volunteer = BenevoleFactory(first_name="Maryse", last_name="Nordez")
    day = prochain_jour_ouvre()
    SalleFactory(nom="Salle Cèze", capacite=12)
    bureau = SalleFactory(nom="Bureau d'accueil 1", capacite=3)
    SalleFactory(nom="Bureau d'accueil 2", capacite=3)
    permanence_en_plus(volunteer, bureau, day, 9, 12)

    login(page, volunteer.username, PASSWORD)
    ouvrir_menu(page)
    page.get_by_role("link", name="Mon espace").click()
    page.wait_for_url("**/espace/")
    assert "Les permanences de la semaine" in page.locator("h1").inner_text()
    assert_accessible(page)

    # Book the Salle Cèze in the afternoon: on a phone the tabs fold behind one line.
    page.locator("summary.onglets-bouton").click()
    page.get_by_role("link", name="Réserver une salle", exact=True).first.click()
    assert_accessible(page)
    page.locator("#id_date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_label("Salle Cèze (12 places)").check()
    page.get_by_role("button", name="Réserver la salle").click()
    page.wait_for_url(f"**/espace/jour/{day.isoformat()}/")
    assert "C'est réservé : Salle Cèze" in page.locator(".messages").inner_text()
    assert_accessible(page)

    # The Bureau d'accueil 1 is taken in the morning: a clear message and what is free.
    page.get_by_role("link", name="Réserver une salle ce jour-là").click()
    page.get_by_label("Heure de début").fill("10:00")
    page.get_by_label("Heure de fin").fill("11:00")
    page.get_by_label("Bureau d'accueil 1 (3 places)").check()
    page.get_by_role("button", name="Réserver la salle").click()
    assert "Cette salle est déjà réservée sur ce créneau." in page.locator("main").inner_text()
    alternatives = page.get_by_role("region", name="Ce qui est libre")
    assert "Bureau d'accueil 2" in alternatives.inner_text()
    assert page.get_by_label("Heure de début").input_value() == "10:00"  # kept
    assert_accessible(page)
    alternatives.get_by_role("link", name="Bureau d'accueil 2 (3 places)").click()
    assert page.get_by_label("Bureau d'accueil 2 (3 places)").is_checked()
    page.get_by_role("button", name="Réserver la salle").click()
    page.wait_for_url(f"**/espace/jour/{day.isoformat()}/")
    assert "C'est réservé : Bureau d'accueil 2" in page.locator(".messages").inner_text()

    # Cancel the morning permanence, with a reason: it stays, marked not held.
    page.get_by_role("link", name="Annuler cette permanence 09:00").click()
    assert_accessible(page)
    page.get_by_label("Pourquoi la permanence n'a pas lieu ?").fill("La présidente est malade.")
    page.get_by_role("button", name="Oui, annuler cette permanence").click()
    page.wait_for_url(f"**/espace/jour/{day.isoformat()}/")
    main = page.locator("main").inner_text()
    assert "est annulée. La Ruche est prévenue." in main
    assert "Non maintenue" in main and "La présidente est malade." in main
    assert_accessible(page)


def test_month_calendar_feed_and_room_occupation_pages_are_accessible(page):
    staff = PersonnelFactory()
    volunteer = BenevoleFactory()
    day = prochain_jour_ouvre()
    permanence_en_plus(volunteer, SalleFactory(nom="Salle Cèze", capacite=12), day, 14, 16)
    login(page, staff.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(page.base_url + f"/espace/mois/?mois={day:%Y-%m}")
    assert "Salle Cèze" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(page.base_url + f"/espace/salles/?semaine={day.isoformat()}")
    assert "Salle Cèze" in page.get_by_role("table").inner_text()
    assert_accessible(page)
    page.goto(page.base_url + "/espace/agenda/")
    page.get_by_role("button", name="Créer mon adresse d'agenda").click()
    assert ".ics" in page.locator(".adresse-agenda").inner_text()
    assert_accessible(page)
    page.goto(page.base_url + "/espace/?semaine=pas-une-semaine")
    assert "n'est pas comprise" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
