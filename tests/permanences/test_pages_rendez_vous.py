"""The public booking pages: the flow, bad input answered in French, abuse, wrong links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from permanences.antiabus import fabriquer_jeton
from permanences.creneaux import Creneau
from permanences.models import RendezVous
from permanences.services.anonymisation import anonymiser_donnees
from tests.permanences.factories import (
    RendezVousFactory,
    occurrence_pour,
    saisie_habitant,
)

pytestmark = pytest.mark.django_db


def valeur(occurrence, minutes=0):
    debut = occurrence.debut + timedelta(minutes=minutes)
    return Creneau(debut, debut, occurrence.pk).valeur


def donnees(occurrence, **extra):
    return saisie_habitant(**{"creneau": valeur(occurrence), **extra})


def test_choose_demarche_see_slots_with_papers(client, demarche, occurrence):
    page = client.get("/rendez-vous/").content.decode()
    assert demarche.nom in page and "/rendez-vous/titre-de-sejour/" in page
    page = client.get("/rendez-vous/titre-de-sejour/").content.decode()
    assert "Passeport" in page
    assert f"?creneau={valeur(occurrence)}" in page
    assert "nationalit" not in page.lower()


def test_slots_are_paged_by_days(client, demarche):
    for day in range(1, 8):
        occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=day * 2))
    response = client.get("/rendez-vous/titre-de-sejour/")
    assert len(response.context["jours"]) == 5 and response.context["suite"]
    more = client.get(f"/rendez-vous/titre-de-sejour/?depuis={response.context['suite']}")
    assert len(more.context["jours"]) == 2 and more.context["suite"] is None
    for junk in ["pas-une-date", "2026-13-45", "9999-99-99"]:
        assert client.get(f"/rendez-vous/titre-de-sejour/?depuis={junk}").status_code == 200


def test_booking_flow_confirmation_page_and_email(
    client, demarche, occurrence, django_capture_on_commit_callbacks
):
    form = client.get(f"/rendez-vous/titre-de-sejour/reserver/?creneau={valeur(occurrence)}")
    assert "Passeport" in form.content.decode() and "donnees-personnelles" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence, email="awa@exemple.fr")
        )
    rdv = RendezVous.objects.get()
    assert response.status_code == 302 and response.url == f"/rendez-vous/{rdv.secret}/"
    assert (rdv.nom, rdv.telephone, rdv.canal) == ("Awa Diallo", "0612345678", "en_ligne")
    assert rdv.consentement_le is not None
    page = client.get(response.url).content.decode()
    # The room's name, whichever the factory's cycle gave (it depends on the tests run before).
    salle = rdv.occurrence.permanence.salle.nom
    assert "Réservé" in page and "Passeport" in page and salle in page
    assert mail.outbox[0].to == ["awa@exemple.fr"]
    ics = client.get(f"/rendez-vous/{rdv.secret}/agenda.ics")
    assert ics["Content-Type"] == "text/calendar" and b"BEGIN:VEVENT" in ics.content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"telephone": ""}, "telephone", "Donnez un numéro de téléphone ou une adresse e-mail."),
        ({"telephone": "12"}, "telephone", "Ce numéro n'est pas bon"),
        ({"telephone": "", "email": "awa@"}, "email", "Cette adresse e-mail n'est pas bonne"),
        ({"nom": "   "}, "nom", "Écrivez votre nom."),
        ({"accepte": ""}, "accepte", "Cochez cette case pour continuer."),
    ],
)
def test_bad_contact_is_answered_beside_the_field_keeping_input(
    client, demarche, occurrence, changes, field, message
):
    data = donnees(occurrence, **changes)
    response = client.post("/rendez-vous/titre-de-sejour/reserver/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    if changes.get("telephone") == "12":
        assert 'value="12"' in page
    assert 'value="Awa Diallo"' in page or field == "nom"
    assert RendezVous.objects.count() == 0


@pytest.mark.parametrize(
    "creneau", ["", "n'importe-quoi", "999999-1700000000", "1-abc", "<script>", "1-1-1"]
)
def test_tampered_slot_value(client, demarche, occurrence, creneau):
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence, creneau=creneau)
    )
    assert response.status_code == 200
    assert "Cette heure n&#x27;existe pas" in response.content.decode()
    assert RendezVous.objects.count() == 0
    response = client.get(f"/rendez-vous/titre-de-sejour/reserver/?creneau={creneau}")
    assert response.status_code == 200


def test_slot_in_the_past_or_outside_the_window(client, demarche):
    past = occurrence_pour(demarche, jour=timezone.localdate() - timedelta(days=3))
    far = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=200))
    for session in (past, far):
        response = client.post("/rendez-vous/titre-de-sejour/reserver/", donnees(session))
        assert "plus proposée" in response.content.decode()
    off_grid = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=9))
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/", donnees(off_grid, creneau=valeur(off_grid, 7))
    )
    assert "plus proposée" in response.content.decode()
    assert RendezVous.objects.count() == 0


def test_taken_slot_shows_the_next_free_ones(client, demarche, occurrence):
    RendezVousFactory(occurrence=occurrence, demarche=demarche)
    response = client.post("/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Quelqu&#x27;un vient de prendre cette heure." in page
    # The next free slots are offered inside the form, with what was typed kept.
    assert f'value="{valeur(occurrence, 45)}"' in page
    assert f'value="{saisie_habitant()["nom"]}"' in page
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/",
        donnees(occurrence, creneau=valeur(occurrence, 45)),
    )
    assert response.status_code == 302
    assert RendezVous.objects.filter(debut=occurrence.debut + timedelta(minutes=45)).exists()


def test_secret_link_move_and_cancel(client, demarche, occurrence):
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    page = client.get(f"/rendez-vous/{rdv.secret}/changer/").content.decode()
    target = valeur(occurrence, 90)
    assert f"?creneau={target}" in page
    confirm = client.get(f"/rendez-vous/{rdv.secret}/changer/?creneau={target}")
    assert "Confirmer ce nouveau jour" in confirm.content.decode()
    response = client.post(f"/rendez-vous/{rdv.secret}/changer/", {"creneau": target})
    assert response.status_code == 302
    rdv.refresh_from_db()
    assert rdv.debut == occurrence.debut + timedelta(minutes=90)
    bad = client.post(f"/rendez-vous/{rdv.secret}/changer/", {"creneau": "1-2"})
    assert "Cette heure n&#x27;existe pas" in bad.content.decode()
    assert "Oui, annuler" in client.get(f"/rendez-vous/{rdv.secret}/annuler/").content.decode()
    client.post(f"/rendez-vous/{rdv.secret}/annuler/")
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ANNULE_HABITANT
    assert "Reprendre un rendez-vous" in client.get(f"/rendez-vous/{rdv.secret}/").content.decode()


def test_too_late_to_move_or_cancel_online(client, demarche):
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=1))
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    demarche.delai_modification_heures = 72
    demarche.save()
    assert "trop tard" in client.get(f"/rendez-vous/{rdv.secret}/changer/").content.decode()
    response = client.post(f"/rendez-vous/{rdv.secret}/annuler/")
    assert response.status_code == 200 and "trop tard" in response.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.RESERVE


@pytest.mark.parametrize("suffix", ["", "changer/", "annuler/", "agenda.ics"])
def test_wrong_or_expired_secret_gets_a_friendly_404(client, demarche, occurrence, suffix):
    old = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=timezone.localdate() - timedelta(days=800)),
        demarche=demarche,
    )
    old_secret = old.secret
    anonymiser_donnees()
    for secret in ["pas-le-bon-secret", "x" * 32, old_secret, "%00", "é"]:
        response = client.get(f"/rendez-vous/{secret}/{suffix}")
        assert response.status_code == 404
        assert "Ce lien ne marche pas" in response.content.decode()


def test_a_resident_never_sees_another_booking(client, demarche, occurrence):
    mine = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    other = RendezVousFactory(
        occurrence=occurrence,
        demarche=demarche,
        nom="Jean Martin",
        debut=occurrence.debut + timedelta(minutes=45),
    )
    page = client.get(f"/rendez-vous/{mine.secret}/").content.decode()
    assert "Awa Diallo" in page and "Jean Martin" not in page and other.secret not in page


def test_honeypot_and_too_fast_posts_are_refused_keeping_input(client, settings, occurrence):
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence, site_web="http://spam")
    )
    assert "vérifier vos réponses" in response.content.decode()
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 3
    response = client.post("/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence))
    assert "vérifier vos réponses" in response.content.decode()
    assert 'value="Awa Diallo"' in response.content.decode()
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence, jeton="forgé")
    )
    assert "trop longtemps" in response.content.decode()
    assert RendezVous.objects.count() == 0
    # A real person, a few seconds later, goes through.
    late = donnees(occurrence, jeton=fabriquer_jeton(timezone.now().timestamp() - 20))
    assert client.post("/rendez-vous/titre-de-sejour/reserver/", late).status_code == 302


def test_public_posts_are_rate_limited_per_address(client, settings, occurrence):
    settings.LIMITE_FORMULAIRES = 3
    for _ in range(3):
        client.post("/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence, nom=""))
    response = client.post("/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence))
    assert response.status_code == 429
    assert "Trop d'envois" in response.content.decode()
    other = client.post(
        "/rendez-vous/titre-de-sejour/reserver/", donnees(occurrence), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302
    assert client.get("/rendez-vous/titre-de-sejour/").status_code == 200


def test_unknown_demarche_is_a_friendly_404(client, db):
    assert client.get("/rendez-vous/inconnue/").status_code == 404
    assert client.get("/rendez-vous/inconnue/reserver/").status_code == 404
