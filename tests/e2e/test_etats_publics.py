"""The public pages' other states, on a phone, checked by axe: errors, a slot just taken,
nothing to book, too late, a past or cancelled booking, wrong links, too many posts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from permanences.models import Inscription, RendezVous
from tests.e2e.conftest import assert_accessible
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"


def _main(page):
    return page.locator("main").inner_text()


def test_booking_errors_slot_taken_and_empty_demarche(phone_page):
    page = phone_page
    demarche = DemarcheFactory(slug="titre-de-sejour", nom="Renouvellement de titre de séjour")
    occurrence = occurrence_pour(demarche)
    DemarcheFactory(slug="caf", nom="Dossier CAF")  # no session takes it

    page.goto(page.base_url + "/rendez-vous/caf/")
    assert not page.locator("a.creneau").count()
    assert_accessible(page)

    page.goto(page.base_url + "/rendez-vous/titre-de-sejour/")
    page.locator("a.creneau").first.click()
    page.get_by_label("Votre nom").fill("Awa Diallo")
    page.get_by_label("Votre téléphone").fill("06 12")
    page.get_by_label("Votre adresse e-mail (si vous en avez une)").fill("awa@")
    page.get_by_label("J'accepte que l'on garde mon nom").check()
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    assert "Ce numéro n'est pas bon" in _main(page)
    assert "Cette adresse e-mail n'est pas bonne" in _main(page)
    assert page.get_by_label("Votre nom").input_value() == "Awa Diallo"
    assert_accessible(page)

    # Someone else takes the slot while the form is open.
    page.get_by_label("Votre téléphone").fill("06 12 34 56 78")
    page.get_by_label("Votre adresse e-mail (si vous en avez une)").fill("")
    RendezVousFactory(demarche=demarche, occurrence=occurrence, debut=occurrence.debut)
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    assert "Quelqu'un vient de prendre cette heure." in _main(page)
    assert page.get_by_label("Votre nom").input_value() == "Awa Diallo"
    assert_accessible(page)
    # Another hour in one tap, nothing typed again.
    page.locator("label.creneau").first.click()
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    assert "C'est réservé" in _main(page)

    page.goto(page.base_url + "/rendez-vous/titre-de-sejour/reserver/?creneau=999999999-1")
    assert "Cette heure n'existe pas" in _main(page)
    assert_accessible(page)


def test_past_too_late_and_cancelled_bookings(phone_page):
    page = phone_page
    # Changes close 72 hours before: tomorrow's booking is too late to change at any hour of
    # today (with the default 24 hours it was still changeable before 9:00, Paris time).
    demarche = DemarcheFactory(
        slug="titre-de-sejour",
        nom="Renouvellement de titre de séjour",
        delai_modification_heures=72,
    )
    passe = RendezVousFactory(
        demarche=demarche,
        occurrence=occurrence_pour(demarche, jour=timezone.localdate() - timedelta(days=2)),
    )
    demain = RendezVousFactory(
        demarche=demarche,
        occurrence=occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=1)),
    )
    annule = RendezVousFactory(
        demarche=demarche,
        occurrence=occurrence_pour(demarche),
        statut=RendezVous.Statut.ANNULE_ASSOCIATION,
    )

    page.goto(page.base_url + f"/rendez-vous/{passe.secret}/")
    assert "Ce rendez-vous est passé." in _main(page)
    assert_accessible(page)

    page.goto(page.base_url + f"/rendez-vous/{demain.secret}/")
    assert "Appelez ou venez" in _main(page)
    page.goto(page.base_url + f"/rendez-vous/{demain.secret}/changer/")
    assert "trop tard" in _main(page)
    assert_accessible(page)
    page.goto(page.base_url + f"/rendez-vous/{demain.secret}/annuler/")
    assert_accessible(page)

    page.goto(page.base_url + f"/rendez-vous/{annule.secret}/")
    assert "La personne qui devait vous recevoir ne sera pas là" in _main(page)
    assert_accessible(page)


def test_workshop_errors_wrong_links_and_cancelled_registration(phone_page):
    page = phone_page
    atelier = AtelierFactory(titre="Premiers pas sur le smartphone")
    annulee = InscriptionFactory(atelier=atelier, statut=Inscription.Statut.ANNULE)

    page.goto(page.base_url + f"/ateliers/{atelier.pk}/")
    page.get_by_label("Votre nom").fill("Samira Haddad")
    page.get_by_role("button", name="M'inscrire").click()
    main = _main(page)
    assert "Donnez un numéro de téléphone ou une adresse e-mail." in main
    assert "Cochez cette case pour continuer." in main
    assert page.get_by_label("Votre nom").input_value() == "Samira Haddad"
    assert_accessible(page)

    page.goto(page.base_url + f"/ateliers/inscription/{annulee.secret}/")
    assert "Annulé" in _main(page)
    assert not page.get_by_role("button").filter(has_text=re.compile("libérer|Quitter")).count()
    assert_accessible(page)

    for url in ["/ateliers/999999/", "/ateliers/inscription/ce-lien-est-faux/"]:
        response = page.goto(page.base_url + url)
        assert response.status == 404
        assert_accessible(page)


def test_too_many_posts_and_other_public_pages(phone_page, settings):
    page = phone_page
    atelier = AtelierFactory()
    page.goto(page.base_url + f"/ateliers/{atelier.pk}/")
    settings.LIMITE_FORMULAIRES = 0
    page.get_by_role("button", name="M'inscrire").click()
    assert "Trop d'envois" in page.locator("h1").inner_text()
    assert_accessible(page)

    for url in ["/donnees-personnelles/", "/mot-de-passe/oublie/", "/rendez-vous/"]:
        page.goto(page.base_url + url)
        assert_accessible(page)
    page.goto(page.base_url + "/mot-de-passe/oublie/")
    page.get_by_label(re.compile("e-mail|Courriel", re.I)).first.fill("pas-une-adresse")
    page.locator("main button[type=submit]").click()
    assert_accessible(page)
