"""Residents on a phone book, move and cancel; a volunteer marks attendance; a waiting list."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from permanences.models import Demarche, Inscription, RendezVous
from tests.e2e.conftest import assert_accessible, login
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
)
from tests.ruche.factories import PASSWORD, BenevoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"
    settings.SITE_URL = "https://ruche.exemple.fr"


def chemin(body):
    return re.search(r"https://ruche\.exemple\.fr(/rendez-vous/[\w-]+/)", body).group(1)


def test_resident_books_moves_and_cancels_a_residence_permit_appointment(phone_page):
    page = phone_page
    demarche = DemarcheFactory(
        nom="Renouvellement de titre de séjour",
        slug="titre-de-sejour",
        theme=Demarche.Theme.TITRE_SEJOUR,
    )
    occurrence_pour(demarche)
    occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=14))

    page.goto(page.base_url + "/rendez-vous/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Renouvellement de titre de séjour")).click()
    assert "Passeport" in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("a.creneau").first.click()
    assert_accessible(page)
    page.get_by_label("Votre nom").fill("Awa Diallo")
    page.get_by_label("Votre téléphone").fill("06 12 34 56 78")
    page.get_by_label("Votre adresse e-mail (si vous en avez une)").fill("awa@exemple.fr")
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    # The notice must be accepted: the message stands beside the box, the name is kept.
    assert "Cochez cette case pour continuer." in page.locator("main").inner_text()
    assert page.get_by_label("Votre nom").input_value() == "Awa Diallo"
    assert_accessible(page)
    page.get_by_label("J'accepte que l'on garde mon nom").check()
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    page.wait_for_url(re.compile(r"/rendez-vous/[\w-]{32}/$"))
    main = page.locator("main").inner_text()
    assert "C'est réservé" in main and "Passeport" in main
    assert_accessible(page)

    rdv = RendezVous.objects.get()
    message = mail.outbox[-1]
    assert message.to == ["awa@exemple.fr"] and message.attachments[0][0] == "rendez-vous.ics"
    link = chemin(message.body)
    assert link == f"/rendez-vous/{rdv.secret}/"

    page.goto(page.base_url + link)
    page.get_by_role("link", name="Changer de jour ou d'heure").click()
    assert_accessible(page)
    page.locator("a.creneau").nth(2).click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer ce nouveau jour").click()
    assert "C'est changé" in page.locator("main").inner_text()
    moved = RendezVous.objects.get()
    assert moved.debut != rdv.debut and moved.secret == rdv.secret
    assert "a changé" in mail.outbox[-1].subject

    page.get_by_role("link", name="Annuler le rendez-vous").click()
    assert_accessible(page)
    page.get_by_role("button", name="Oui, annuler ce rendez-vous").click()
    assert "Votre rendez-vous est annulé." in page.locator("main").inner_text()
    assert RendezVous.objects.get().statut == RendezVous.Statut.ANNULE_HABITANT
    assert_accessible(page)

    page.goto(page.base_url + "/rendez-vous/ce-lien-est-faux-0123456789abcdef/")
    assert "Ce lien ne marche pas" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_volunteer_marks_attendance(page):
    volunteer = BenevoleFactory()
    demarche = DemarcheFactory(slug="retraite", nom="Ouvrir mes droits à la retraite")
    occurrence = occurrence_pour(
        demarche,
        jour=timezone.localdate(),
        debut=time(0, 0),
        fin=time(23, 0),
        organisation=volunteer.organisation,
    )
    RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Gérard Moulin")
    login(page, volunteer.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/")
    page.goto(page.base_url + "/espace/rendez-vous/")
    assert "Gérard Moulin" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Venu : Gérard Moulin", exact=True).click()
    assert "Gérard Moulin : Venu." in page.locator("main").inner_text()
    assert RendezVous.objects.get().statut == RendezVous.Statut.VENU
    assert_accessible(page)
    page.get_by_role("link", name="Gérard Moulin").click()
    page.get_by_label("Notes").fill("Relevé de carrière à demander")
    page.get_by_role("button", name="Enregistrer les notes").click()
    assert "Notes enregistrées." in page.locator("main").inner_text()
    assert_accessible(page)


def test_resident_joins_a_full_workshop_and_gets_the_place(phone_page, browser, live_server):
    page = phone_page
    atelier = AtelierFactory(capacite=1, titre="Premiers pas sur le smartphone")
    first = InscriptionFactory(atelier=atelier, nom="Monique Garcia")
    page.goto(page.base_url + "/ateliers/")
    assert "Complet" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Liste d'attente : Premiers pas sur le smartphone").click()
    assert_accessible(page)
    page.get_by_label("Votre nom").fill("Samira Haddad")
    page.get_by_label("Votre adresse e-mail (si vous en avez une)").fill("samira@exemple.fr")
    page.get_by_label("J'accepte que l'on garde mon nom").check()
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert "Sur la liste d'attente (numéro 1)" in page.locator("main").inner_text()
    assert_accessible(page)
    mine = page.url

    # Monique cannot come: she frees her place from her own link.
    other = browser.new_context(locale="fr-FR").new_page()
    other.goto(live_server.url + f"/ateliers/inscription/{first.secret}/")
    other.get_by_role("button", name="Je ne peux pas venir : libérer ma place").click()
    assert "Votre inscription est annulée." in other.locator("main").inner_text()
    other.context.close()

    page.goto(mine)
    assert "Votre place est réservée" in page.locator("main").inner_text()
    assert Inscription.objects.get(nom="Samira Haddad").statut == Inscription.Statut.INSCRIT
    assert any(
        m.to == ["samira@exemple.fr"] and "Une place pour vous" in m.subject for m in mail.outbox
    )
    assert_accessible(page)
