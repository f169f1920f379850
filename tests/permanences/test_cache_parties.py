"""A write renews the cached public pages that show it, not its place's others
(ruche.portees, parts of a place's offer): a booking renews its démarche's free slots
(test_cache_demarches.py) but keeps its place's home, démarches and workshops; a
registration renews the workshops but keeps the home, the démarches and the free slots; a
session changed renews them all.
With one place (pages under no place's address) and with several (under the place's slug)."""

from datetime import timedelta

import pytest
from django.test import Client

from permanences.services.ateliers import inscrire
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.permanences.factories import AtelierFactory

pytestmark = pytest.mark.django_db


def pages(prefixe, atelier):
    return {
        "accueil": f"{prefixe}/",
        "démarches": f"{prefixe}/rendez-vous/",
        "créneaux": f"{prefixe}/rendez-vous/titre-de-sejour/",
        "ateliers": f"{prefixe}/ateliers/",
        "atelier": f"{prefixe}/ateliers/{atelier.pk}/",
    }


def rendues(adresses):
    """The pages among `adresses` rendered again: a template rendered, not served from the
    page cache (found by its versions, or by its content after a write: ruche.cache_pages).
    Not counted by queries: after a booking its démarche's new free slots are in the cache,
    so their page is rendered again at one query, as a page served from the cache."""
    visiteur = Client()
    rendues = set()
    for nom, adresse in adresses.items():
        reponse = visiteur.get(adresse)
        assert reponse.status_code == 200, adresse
        if reponse.templates:
            rendues.add(nom)
    return rendues


@pytest.fixture(params=["un lieu", "plusieurs lieux"])
def adresses(request, demarche, occurrence):
    atelier = AtelierFactory(capacite=5)
    prefixe = ""
    if request.param == "plusieurs lieux":
        Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont-Saint-Esprit")
        prefixe = f"/{lieu_principal().slug}"
    adresses = pages(prefixe, atelier)
    rendues(adresses)
    assert rendues(adresses) == set()  # every page from the cache now
    return adresses, atelier


def test_a_booking_keeps_the_home_the_demarches_and_the_workshops(
    adresses, demarche, occurrence, django_capture_on_commit_callbacks
):
    adresses, _atelier = adresses
    with django_capture_on_commit_callbacks(execute=True):
        reserver_rendez_vous(
            occurrence=occurrence,
            demarche=demarche,
            debut=occurrence.debut,
            nom="Awa Diallo",
            telephone="0612345678",
        )
    assert rendues(adresses) == {"créneaux"}


def test_a_registration_renews_the_workshops_only(adresses, django_capture_on_commit_callbacks):
    adresses, atelier = adresses
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(atelier=atelier, nom="Awa Diallo", telephone="0612345678")
    # The free slots show the démarche's free times, which a registration keeps.
    assert rendues(adresses) == {"ateliers", "atelier"}
    assert "4 places libres" in Client().get(adresses["ateliers"]).content.decode()


def test_a_session_changed_renews_every_page_of_the_place(
    adresses, occurrence, django_capture_on_commit_callbacks
):
    adresses, _atelier = adresses
    with django_capture_on_commit_callbacks(execute=True):
        occurrence.date += timedelta(days=1)
        occurrence.save()
    assert rendues(adresses) == set(adresses)


def test_a_secret_link_page_follows_its_own_place_only(
    demarche, occurrence, django_capture_on_commit_callbacks
):
    """With several places a secret link's page has no place in its address: it keys by its
    booking's place (in the same one query), not by every place's writes."""
    from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

    pont = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    ailleurs = DemarcheFactory(lieu=pont, slug="retraite")
    autre = occurrence_pour(ailleurs)
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    lien = {"lien": f"/rendez-vous/{rdv.secret}/"}
    rendues(lien)
    assert rendues(lien) == set()
    with django_capture_on_commit_callbacks(execute=True):
        RendezVousFactory(occurrence=autre, demarche=ailleurs)
    assert rendues(lien) == set()  # a booking at another place
    with django_capture_on_commit_callbacks(execute=True):
        rdv.nom = "Awa Diallo-Martin"
        rdv.save()
    assert rendues(lien) == {"lien"}
    assert "Awa Diallo-Martin" in Client().get(lien["lien"]).content.decode()
