"""Workshops: room rules, places, waiting list and promotion, public pages, admin."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from permanences.antiabus import fabriquer_jeton
from permanences.models import Atelier, Inscription, ReservationSalle
from permanences.services.ateliers import annuler_inscription, creer_atelier, inscrire
from ruche.models import Fermeture
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import (
    AtelierFactory,
    InscriptionFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)

pytestmark = pytest.mark.django_db


def nouvel_atelier(**kwargs):
    values = {
        "titre": "Chercher un emploi en ligne",
        "description": "France Travail, CV, candidatures.",
        "public": Atelier.Public.DEMANDEURS_EMPLOI,
        "organisation": OrganisationFactory(),
        "salle": SalleFactory(nom="Salle des ateliers", capacite=8),
        "debut": paris(2031, 3, 4, 14),
        "fin": paris(2031, 3, 4, 16),
        "capacite": 8,
    }
    values.update(kwargs)
    return creer_atelier(**values)


def test_workshop_books_its_room_through_the_room_rules():
    atelier = nouvel_atelier()
    assert atelier.reservation.objet == ReservationSalle.Objet.ATELIER
    with pytest.raises(ValidationError, match="déjà réservée"):
        nouvel_atelier(debut=paris(2031, 3, 4, 15), fin=paris(2031, 3, 4, 17))
    Fermeture.objects.create(
        debut=paris(2031, 3, 11).date(), fin=paris(2031, 3, 11).date(), motif="Travaux"
    )
    with pytest.raises(ValidationError, match="fermée"):
        nouvel_atelier(debut=paris(2031, 3, 11, 14), fin=paris(2031, 3, 11, 16))
    with pytest.raises(ValidationError, match="8 places au plus"):
        nouvel_atelier(debut=paris(2031, 3, 18, 14), fin=paris(2031, 3, 18, 16), capacite=9)
    assert Atelier.objects.count() == 1 and ReservationSalle.objects.count() == 1


def test_full_workshop_waiting_list_and_promotion(django_capture_on_commit_callbacks):
    atelier = AtelierFactory(capacite=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
        inscrire(atelier=atelier, nom="Jean Martin", telephone="0612345678")
        waiting = inscrire(atelier=atelier, nom="Lucie Bernard", email="lucie@exemple.fr")
        last = inscrire(atelier=atelier, nom="Paul Roux", email="paul@exemple.fr")
    assert (waiting.statut, waiting.position, last.position) == ("en_attente", 1, 2)
    assert "liste d'attente" in mail.outbox[2].subject.lower()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = annuler_inscription(inscription=first)
    assert promoted == waiting
    waiting.refresh_from_db()
    assert (waiting.statut, waiting.position) == (Inscription.Statut.INSCRIT, None)
    assert {m.to[0] for m in mail.outbox} == {"awa@exemple.fr", "lucie@exemple.fr"}
    assert any("place" in m.subject for m in mail.outbox if m.to == ["lucie@exemple.fr"])
    # Someone on the waiting list leaving frees no place.
    assert annuler_inscription(inscription=last) is None
    with pytest.raises(ValidationError, match="déjà annulée"):
        annuler_inscription(inscription=first)
    taken = atelier.inscriptions.filter(statut__in=Inscription.STATUTS_PLACE).count()
    assert taken == 2


def test_past_workshop_refuses_registrations():
    atelier = AtelierFactory(debut=paris(2020, 1, 7, 14), fin=paris(2020, 1, 7, 16))
    with pytest.raises(ValidationError, match="déjà eu lieu"):
        inscrire(atelier=atelier, nom="Awa", email="awa@exemple.fr")


def test_public_pages_register_and_cancel_from_the_link(client):
    atelier = AtelierFactory(capacite=1)
    page = client.get("/ateliers/").content.decode()
    assert atelier.titre in page and "1 place libre" in page
    data = {"nom": "Awa Diallo", "telephone": "06 12 34 56 78", "accepte": "on"}
    response = client.post(f"/ateliers/{atelier.pk}/", {**data, "jeton": fabriquer_jeton()})
    inscription = Inscription.objects.get()
    assert response.url == f"/ateliers/inscription/{inscription.secret}/"
    assert "Complet" in client.get("/ateliers/").content.decode()
    full = client.get(f"/ateliers/{atelier.pk}/").content.decode()
    assert "liste d&#x27;attente" in full or "liste d'attente" in full
    bad = client.post(f"/ateliers/{atelier.pk}/", {"nom": "X", "jeton": fabriquer_jeton()})
    assert "Donnez un numéro" in bad.content.decode() and 'value="X"' in bad.content.decode()
    client.post(f"/ateliers/inscription/{inscription.secret}/annuler/")
    inscription.refresh_from_db()
    assert inscription.statut == Inscription.Statut.ANNULE
    assert client.get("/ateliers/inscription/faux/").status_code == 404
    assert client.get("/ateliers/999999/").status_code == 404


def test_admin_creates_a_workshop_with_its_room_and_lists_registrations(admin_client):
    salle = SalleFactory(nom="Salle des ateliers", capacite=8)
    organisation = OrganisationFactory()
    data = {
        "titre_fr": "Premiers pas sur le smartphone",
        "description_fr": "",
        "public": "seniors",
        "organisation": organisation.pk,
        "salle": salle.pk,
        "debut_0": "04/03/2031",
        "debut_1": "14:00",
        "fin_0": "04/03/2031",
        "fin_1": "16:00",
        "capacite": 8,
        "inscriptions-TOTAL_FORMS": 0,
        "inscriptions-INITIAL_FORMS": 0,
    }
    response = admin_client.post("/admin/permanences/atelier/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    atelier = Atelier.objects.get()
    assert atelier.reservation.salle == salle
    ReservationSalleFactory(salle=salle, debut=paris(2031, 3, 5, 9), fin=paris(2031, 3, 5, 12))
    clash = admin_client.post(
        "/admin/permanences/atelier/add/",
        {**data, "debut_0": "05/03/2031", "fin_0": "05/03/2031", "debut_1": "10:00"},
    )
    assert clash.status_code == 200 and "déjà réservée" in clash.content.decode()
    InscriptionFactory(atelier=atelier, nom="Awa Diallo")
    page = admin_client.get(f"/admin/permanences/atelier/{atelier.pk}/change/").content.decode()
    assert "Awa Diallo" in page
    data["capacite"] = 6
    data["debut_1"] = "14:30"
    data["inscriptions-TOTAL_FORMS"] = 1
    data["inscriptions-INITIAL_FORMS"] = 1
    inscription = atelier.inscriptions.get()
    data["inscriptions-0-id"] = inscription.pk
    data["inscriptions-0-atelier"] = atelier.pk
    data["inscriptions-0-statut"] = "inscrit"
    response = admin_client.post(f"/admin/permanences/atelier/{atelier.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    atelier.refresh_from_db()
    assert atelier.reservation.debut == atelier.debut == paris(2031, 3, 4, 14, 30)
    assert timedelta(0) < atelier.fin - atelier.debut
