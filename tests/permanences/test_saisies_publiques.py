"""Bad input on the public forms: French message beside the field, what was typed kept;
pages of a past booking; login boxes that receive a page of text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import Inscription, RendezVous
from tests.permanences.factories import (
    AtelierFactory,
    RendezVousFactory,
    occurrence_pour,
    saisie_habitant,
)

pytestmark = pytest.mark.django_db

EMAIL_TROP_LONG = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fr"  # 307 characters


def _saisie(**extra):
    return saisie_habitant(**{"email": "awa@exemple.fr", **extra})


def _champ(response, name):
    return response.context["form"][name]


def _urls(occurrence):
    atelier = AtelierFactory()
    creneau = Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur
    return [
        ("/rendez-vous/titre-de-sejour/reserver/", {"creneau": creneau}),
        (f"/ateliers/{atelier.pk}/", {}),
    ]


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("telephone", "06 12", "Ce numéro n&#x27;est pas bon"),
        ("email", "awa@", "Cette adresse e-mail n&#x27;est pas bonne"),
        ("email", EMAIL_TROP_LONG, "Cette adresse e-mail est trop longue."),
        ("nom", "   ", "Écrivez votre nom."),
    ],
)
def test_bad_field_is_answered_beside_it_and_everything_typed_is_kept(
    client, occurrence, champ, saisie, message
):
    assert len(EMAIL_TROP_LONG) > 254
    for url, extra in _urls(occurrence):
        response = client.post(url, _saisie(**extra, **{champ: saisie}))
        assert response.status_code == 200
        bound = _champ(response, champ)
        assert any(message.replace("&#x27;", "'") in e for e in bound.errors), bound.errors
        page = response.content.decode()
        assert message in page
        for other in ("nom", "telephone", "email"):
            if other != champ:
                assert _champ(response, other).value() == _saisie()[other]
                assert f'value="{_saisie()[other]}"' in page
    assert not RendezVous.objects.exists() and not Inscription.objects.exists()


def test_an_empty_post_to_a_workshop_lists_what_is_missing(client):
    atelier = AtelierFactory()
    response = client.post(f"/ateliers/{atelier.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Écrivez votre nom." in page and "Cochez cette case pour continuer." in page
    assert not Inscription.objects.exists()


def test_a_past_booking_says_so_and_offers_no_change(client, demarche):
    hier = timezone.localdate() - timedelta(days=1)
    occurrence = occurrence_pour(demarche, jour=hier)
    rdv = RendezVousFactory(demarche=demarche, occurrence=occurrence)
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    assert "Ce rendez-vous est passé." in page and "Réservé" not in page
    assert "/changer/" not in page and "agenda.ics" not in page
    assert "/rendez-vous/titre-de-sejour/" in page
    # Server side too, whatever the page shows.
    assert "trop tard" in client.get(f"/rendez-vous/{rdv.secret}/changer/").content.decode()
    client.post(f"/rendez-vous/{rdv.secret}/annuler/")
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.RESERVE


@pytest.mark.parametrize("url", ["/connexion/", "/admin/login/"])
def test_a_page_of_text_in_the_login_box_is_a_failed_login(client, url):
    response = client.post(url, {"username": "é" * 5000, "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Identifiant ou mot de passe incorrect" in html or "Veuillez" in html
