"""Every message to a resident is written in the language they booked in."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from permanences.models import Inscription, RendezVous
from permanences.services.calendrier import annuler_occurrence
from permanences.services.rappels import envoyer_rappels
from ruche.formats import PARIS
from ruche.sms import MemoryBackend
from tests.permanences.factories import AtelierFactory, occurrence_pour, saisie_habitant
from tests.permanences.test_pages_rendez_vous import valeur

pytestmark = pytest.mark.django_db


def mois(debut, langue):
    with override(langue):
        return date_format(timezone.localtime(debut), "F")


def reserver_en(client, langue, occurrence, django_capture_on_commit_callbacks):
    client.get(f"/langue/{langue}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/rendez-vous/titre-de-sejour/reserver/",
            saisie_habitant(creneau=valeur(occurrence), email="awa@exemple.fr"),
        )
    assert response.status_code == 302
    return RendezVous.objects.get()


def test_booked_in_arabic_every_message_in_arabic(
    client, settings, demarche, django_capture_on_commit_callbacks, benevole
):
    settings.RAPPELS_RENDEZ_VOUS = ["J-2@09:00"]
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=5))
    rdv = reserver_en(client, "ar", occurrence, django_capture_on_commit_callbacks)
    assert rdv.langue == "ar"
    confirmation = mail.outbox[-1]
    assert mois(rdv.debut, "ar") in confirmation.subject

    # The reminder goes from a task with no request: still in Arabic.
    jour = timezone.localdate(rdv.debut) - timedelta(days=2)
    with override("fr"):
        assert envoyer_rappels(maintenant=datetime.combine(jour, time(9), tzinfo=PARIS)) == 1
    rappel, sms = mail.outbox[-1], MemoryBackend.outbox[-1][1]
    assert mois(rdv.debut, "ar") in rappel.subject and mois(rdv.debut, "ar") in sms
    assert mois(rdv.debut, "fr") not in rappel.body
    assert "نذكّرك بموعدك." in rappel.body and "تذكير" in sms
    ics = rappel.attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "SUMMARY:موعد: " in ics and "SUMMARY:Rendez-vous" not in ics

    # "Permanence not held", decided by a volunteer on a French page.
    occurrence.permanence.organisation = benevole.organisation
    occurrence.permanence.save()
    with django_capture_on_commit_callbacks(execute=True), override("fr"):
        annuler_occurrence(occurrence=occurrence, motif="Bénévole malade", par=benevole)
    annulation = [m for m in mail.outbox if m.to == ["awa@exemple.fr"]][-1]
    assert mois(rdv.debut, "ar") in annulation.body


def test_booked_in_english_stays_english_when_french_is_active(
    client, demarche, occurrence, django_capture_on_commit_callbacks
):
    rdv = reserver_en(client, "en", occurrence, django_capture_on_commit_callbacks)
    assert rdv.langue == "en" and mois(rdv.debut, "en") in mail.outbox[-1].subject


def test_workshop_registration_keeps_its_language(client, django_capture_on_commit_callbacks):
    atelier = AtelierFactory()
    client.get("/langue/ar/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ateliers/{atelier.pk}/", saisie_habitant(email="awa@exemple.fr"))
    inscription = Inscription.objects.get()
    assert inscription.langue == "ar"
    assert mois(atelier.debut, "ar") in mail.outbox[-1].body
