"""Bots and abuse on the public forms: limits shared by every process, single-use tokens,
daily caps per contact and per address, text messages only where allowed, and no text of
the visitor's choice in what the site sends."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache

from permanences.creneaux import Creneau
from permanences.forms.rendezvous import GuichetForm
from permanences.models import Inscription, RendezVous
from ruche.sms import MemoryBackend, envoyer_sms
from tests.permanences.factories import AtelierFactory, saisie_habitant

pytestmark = pytest.mark.django_db

URL = "/rendez-vous/titre-de-sejour/reserver/"


def valeur(occurrence, rang=0):
    debut = occurrence.debut + timedelta(minutes=45 * rang)
    return Creneau(debut, debut, occurrence.pk).valeur


def reserver(client, occurrence, rang=0, meta=None, **saisie):
    data = saisie_habitant(creneau=valeur(occurrence, rang), **saisie)
    return client.post(URL, data, **(meta or {}))


# --- The post limit holds across processes -------------------------------------------------


def test_the_post_limit_is_kept_in_the_database_not_in_a_process_cache(
    client, settings, occurrence
):
    """Each gunicorn worker had its own memory cache: clearing it here stands for a post
    landing on another worker. The count goes on."""
    settings.LIMITE_FORMULAIRES = 3
    for _ in range(3):
        reserver(client, occurrence, nom="")
        cache.clear()
    response = reserver(client, occurrence)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.LIMITE_FORMULAIRES_SECONDES)
    assert RendezVous.objects.count() == 0


# --- Single-use tokens ----------------------------------------------------------------------


def test_a_form_token_is_single_use_and_the_second_post_keeps_what_was_typed(client, occurrence):
    data = saisie_habitant(creneau=valeur(occurrence), nom="Awa Diallo")
    assert client.post(URL, data).status_code == 302
    replay = saisie_habitant(creneau=valeur(occurrence, 1), nom="Awa Diallo", jeton=data["jeton"])
    response = client.post(URL, replay)
    page = response.content.decode()
    assert response.status_code == 200
    assert "déjà été envoyé" in page and 'value="Awa Diallo"' in page
    assert RendezVous.objects.count() == 1
    # The form shown again carries a fresh token that goes through.
    fresh = {**replay, "jeton": response.context["form"]["jeton"].value()}
    assert fresh["jeton"] != data["jeton"]
    assert client.post(URL, fresh).status_code == 302


def test_two_forms_shown_in_the_same_second_have_different_tokens(client, occurrence):
    from permanences.antiabus import fabriquer_jeton

    assert fabriquer_jeton(1_800_000_000) != fabriquer_jeton(1_800_000_000)


# --- Daily caps ------------------------------------------------------------------------------


def test_bookings_per_contact_are_capped_per_day_however_the_number_is_written(
    client, settings, occurrence
):
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 2
    assert reserver(client, occurrence, 0, telephone="06 12 34 56 78").status_code == 302
    assert reserver(client, occurrence, 1, telephone="0612345678").status_code == 302
    response = reserver(client, occurrence, 2, telephone="+33 6 12 34 56 78", nom="Awa Diallo")
    page = response.content.decode()
    assert response.status_code == 429
    assert "beaucoup de rendez-vous" in page and 'value="Awa Diallo"' in page
    assert "beaucoup de rendez-vous" in str(response.context["form"].errors["telephone"])
    assert RendezVous.objects.count() == 2
    # Another resident from the same place books.
    assert reserver(client, occurrence, 2, telephone="07 98 76 54 32").status_code == 302


def test_bookings_per_email_ignore_case_and_plus_suffix(client, settings, occurrence):
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 1
    assert reserver(client, occurrence, 0, telephone="", email="awa@exemple.fr").status_code == 302
    response = reserver(client, occurrence, 1, telephone="", email="AWA+robot@Exemple.fr")
    assert response.status_code == 429
    assert "email" in response.context["form"].errors


def test_a_booking_that_loses_its_slot_does_not_use_the_cap(client, settings, occurrence):
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 1
    assert reserver(client, occurrence, 0, telephone="07 11 11 11 11").status_code == 302
    lost = reserver(client, occurrence, 0, telephone="06 12 34 56 78")
    assert lost.status_code == 409
    assert reserver(client, occurrence, 1, telephone="06 12 34 56 78").status_code == 302


def test_bookings_per_address_are_capped_per_day(client, settings, occurrence):
    settings.LIMITE_RESERVATIONS_PAR_ADRESSE = 2
    for rang, tel in enumerate(["06 00 00 00 01", "06 00 00 00 02"]):
        assert reserver(client, occurrence, rang, telephone=tel).status_code == 302
    response = reserver(client, occurrence, 2, telephone="06 00 00 00 03", nom="Lucie Bernard")
    assert response.status_code == 429
    page = response.content.decode()
    assert "depuis votre appareil" in page and 'value="Lucie Bernard"' in page
    other = reserver(
        client, occurrence, 2, telephone="06 00 00 00 03", meta={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert other.status_code == 302


def test_workshop_registrations_share_the_caps(client, settings):
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 1
    premier = AtelierFactory(capacite=5)
    second = AtelierFactory(capacite=5, debut=premier.debut + timedelta(days=1))
    assert client.post(f"/ateliers/{premier.pk}/", saisie_habitant()).status_code == 302
    response = client.post(f"/ateliers/{second.pk}/", saisie_habitant(nom="Awa Diallo"))
    assert response.status_code == 429
    assert "beaucoup de rendez-vous" in response.content.decode()
    assert 'value="Awa Diallo"' in response.content.decode()
    assert Inscription.objects.count() == 1


# --- Text messages only to allowed countries -----------------------------------------------


@pytest.mark.parametrize("numero", ["+44 7700 900123", "0044 7700 900123", "+1 202 555 0143"])
def test_the_public_form_refuses_a_number_abroad_beside_the_field(client, occurrence, numero):
    response = reserver(client, occurrence, telephone=numero, nom="Awa Diallo")
    page = response.content.decode()
    assert response.status_code == 200
    assert "seulement en France et en outre-mer" in str(
        response.context["form"].errors["telephone"]
    )
    assert 'value="Awa Diallo"' in page and numero in page
    assert RendezVous.objects.count() == 0


@pytest.mark.parametrize("numero", ["+262 692 12 34 56", "+590 690 12 34 56", "+687 75 12 34"])
def test_overseas_france_numbers_book_and_get_the_text(
    client, occurrence, numero, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert reserver(client, occurrence, telephone=numero).status_code == 302
    assert [to for to, _text in MemoryBackend.outbox] == [
        "+" + numero.replace(" ", "").removeprefix("+")
    ]


def test_no_text_leaves_for_a_country_not_allowed(settings):
    settings.SMS_INDICATIFS = ["33"]
    assert envoyer_sms(to="+262692123456", template="x", context={}) is None
    assert envoyer_sms(to="+4915123456789", template="x", context={}) is None
    assert MemoryBackend.outbox == []


def test_the_desk_keeps_a_number_abroad_to_call_back():
    form = GuichetForm(
        {"creneau": "", "nom": "Paul", "telephone": "+44 7700 900123", "canal": ""},
    )
    form.is_valid()
    assert "telephone" not in form.errors


# --- Nothing of the visitor's choice in the messages ----------------------------------------


def test_the_name_in_mail_and_text_is_truncated(
    client, occurrence, django_capture_on_commit_callbacks
):
    nom = "Awa Diallo " + "Cliquez vite sur http://arnaque.example/compte pour valider"
    with django_capture_on_commit_callbacks(execute=True):
        response = reserver(client, occurrence, nom=nom, email="awa@exemple.fr")
    assert response.status_code == 302
    corps = mail.outbox[0].body + mail.outbox[0].subject
    assert "Awa Diallo Cliquez vite" in corps
    assert "arnaque" not in corps
    assert all(
        "arnaque" not in texte and "Cliquez" not in texte for _to, texte in MemoryBackend.outbox
    )


def test_the_counters_keep_no_readable_contact(client, occurrence):
    from ruche.models import Compteur

    reserver(client, occurrence, telephone="06 12 34 56 78", email="awa@exemple.fr")
    cles = " ".join(Compteur.objects.values_list("cle", flat=True))
    assert "reservation:tel:" in cles and "reservation:mel:" in cles
    assert "0612345678" not in cles and "awa" not in cles
