"""A booking renews the free slots and booking forms of the démarches whose free times it
changes (those taking appointments in its session), not the other démarches of its place;
a secret link's page follows its own booking, not the others (ruche.portees). With one
place (pages under no place's address) and with several (under the place's slug)."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from permanences.models import CreneauxLibres
from permanences.services.disponibilites import creneaux_publics
from permanences.services.plus_tot import arreter_plus_tot, demander_plus_tot
from permanences.services.rendezvous import (
    annuler_rendez_vous,
    deplacer_rendez_vous,
    reserver_rendez_vous,
)
from ruche import cache_pages
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


def renouvelees(adresses):
    """The pages among `adresses` whose version was renewed: not found under it in the page
    cache (then looked up by what they show, which a booking of a time they do not show
    keeps, or rendered again: ruche.cache_pages)."""
    manquees = []
    contenu_demande = cache_pages.contenu_demande

    def espion(request):
        manquees.append(request.path)
        return contenu_demande(request)

    visiteur = Client()
    renouvelees = set()
    with mock.patch.object(cache_pages, "contenu_demande", espion):
        for nom, adresse in adresses.items():
            del manquees[:]
            assert visiteur.get(adresse).status_code == 200, adresse
            if manquees:
                renouvelees.add(nom)
    return renouvelees


def reserver(occurrence, demarche, debut=None):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=debut or occurrence.debut,
        nom="Awa Diallo",
        telephone="0612345678",
    )


@pytest.fixture(params=["un lieu", "plusieurs lieux"])
def lieu(request):
    if request.param == "plusieurs lieux":
        Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont-Saint-Esprit")
        return f"/{lieu_principal().slug}"
    return ""


@pytest.fixture
def demarches(demarche, occurrence):
    """Three démarches of one place: `titre-de-sejour` and `renouvellement` share a session
    (a booking of one takes the other's time), `retraite` has its own sessions."""
    partage = DemarcheFactory(slug="renouvellement", nom="Renouvellement")
    occurrence.permanence.demarches.add(partage)
    retraite = DemarcheFactory(slug="retraite", nom="Droits à la retraite")
    return {
        "titre": (demarche, occurrence),
        "partage": (partage, occurrence),
        "retraite": (retraite, occurrence_pour(retraite, debut=dt.time(14), fin=dt.time(17))),
    }


def pages_de(*demarches):
    return {f"{page} {nom}" for page in ("créneaux", "formulaire") for nom in demarches}


def adresses_de(prefixe, demarches):
    adresses = {}
    for nom, (demarche, _occurrence) in demarches.items():
        libre = creneaux_publics(demarche=demarche)[-1]
        valeur = f"{libre[0]}-{libre[1]}"
        adresses[f"créneaux {nom}"] = f"{prefixe}/rendez-vous/{demarche.slug}/"
        adresses[f"formulaire {nom}"] = (
            f"{prefixe}/rendez-vous/{demarche.slug}/reserver/?creneau={valeur}"
        )
    return adresses


@pytest.fixture
def adresses(lieu, demarches):
    adresses = adresses_de(lieu, demarches)
    renouvelees(adresses)
    assert renouvelees(adresses) == set()  # every page from the cache now
    return adresses


def test_a_booking_renews_the_demarches_sharing_its_session_only(
    adresses, demarches, django_capture_on_commit_callbacks
):
    demarche, occurrence = demarches["retraite"]
    with django_capture_on_commit_callbacks(execute=True):
        reserver(occurrence, demarche)
    assert renouvelees(adresses) == pages_de("retraite")

    demarche, occurrence = demarches["titre"]
    with django_capture_on_commit_callbacks(execute=True):
        rdv = reserver(occurrence, demarche)
    attendues = pages_de("titre", "partage")
    assert renouvelees(adresses) == attendues
    # The time is gone from both démarches' pages at once.
    for nom in ("titre", "partage"):
        page = Client().get(adresses[f"créneaux {nom}"]).content.decode()
        assert f"?creneau={occurrence.pk}-{int(rdv.debut.timestamp())}" not in page

    with django_capture_on_commit_callbacks(execute=True):
        annuler_rendez_vous(rendez_vous=rdv)
    assert renouvelees(adresses) == attendues


def test_a_move_renews_the_old_and_the_new_sessions_demarches(
    lieu, demarches, django_capture_on_commit_callbacks
):
    demarche, occurrence = demarches["titre"]
    autre = occurrence_pour(demarche, jour=occurrence.date + dt.timedelta(days=1))
    rdv = reserver(occurrence, demarche)
    adresses = adresses_de(lieu, demarches)
    renouvelees(adresses)
    assert renouvelees(adresses) == set()
    with django_capture_on_commit_callbacks(execute=True):
        deplacer_rendez_vous(rendez_vous=rdv, occurrence=autre, debut=autre.debut)
    assert renouvelees(adresses) == pages_de("titre", "partage")
    # The time left is free again on both démarches' pages at once.
    valeur = f"?creneau={occurrence.pk}-{int(occurrence.debut.timestamp())}"
    assert valeur in Client().get(adresses["créneaux partage"]).content.decode()


def test_the_summary_of_another_demarche_stays_valid(demarches):
    """The free slots of a démarche are kept at the version of its own slots: a booking of
    another démarche of the place keeps its summary row, read as it is."""
    retraite, _ = demarches["retraite"]
    avant = creneaux_publics(demarche=retraite)
    version = CreneauxLibres.objects.get(demarche=retraite).version
    demarche, occurrence = demarches["titre"]
    reserver(occurrence, demarche)
    assert CreneauxLibres.objects.get(demarche=retraite).version == version
    with CaptureQueriesContext(connection) as requetes:
        assert creneaux_publics(demarche=retraite) == avant
    assert len(requetes) <= 2  # the versions, the row (or the cache)


def test_a_secret_link_page_follows_its_own_booking_only(
    lieu, demarches, django_capture_on_commit_callbacks
):
    demarche, occurrence = demarches["titre"]
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    libre = creneaux_publics(demarche=demarche)[-1]
    liens = {
        "lien": f"/rendez-vous/{rdv.secret}/",
        "imprimer": f"/rendez-vous/{rdv.secret}/imprimer/",
    }
    renouvelees(liens)
    assert renouvelees(liens) == set()
    with django_capture_on_commit_callbacks(execute=True):
        autre = reserver(occurrence, demarche, dt.datetime.fromtimestamp(libre[1], dt.UTC))
        annuler_rendez_vous(rendez_vous=autre)
    assert renouvelees(liens) == set()  # another booking of the same session and démarche
    with django_capture_on_commit_callbacks(execute=True):
        demander_plus_tot(rendez_vous=rdv)
    assert renouvelees(liens) == set(liens)
    assert "nous vous prévenons" in Client().get(liens["lien"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        arreter_plus_tot(rendez_vous=rdv)  # a bulk update: no signal
    assert renouvelees(liens) == set(liens)
    assert "nous vous prévenons" not in Client().get(liens["lien"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        annuler_rendez_vous(rendez_vous=rdv)
    assert renouvelees(liens) == set(liens)
    assert "Annulé" in Client().get(liens["lien"]).content.decode()
