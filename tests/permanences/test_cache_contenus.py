"""A démarche's list of free slots and its booking forms after bookings (ruche.cache_pages,
permanences/views/contenus.py): a booking that changes nothing a page shows costs no render;
in a rush of bookings the list is a few seconds late at most, never after a change of the
offer; the booking form is never late, and a form served for a time taken in the meantime
is refused at POST with a clear message, the next times and what was typed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import RendezVous
from permanences.services.disponibilites import version_de
from permanences.services.rendezvous import reserver_rendez_vous
from permanences.views.contenus import RETARD_CRENEAUX
from ruche.cache_pages import cles_du_rendu
from ruche.lieux_publics import url_lieu
from ruche.models import Lieu
from ruche.portees import version_reseau
from tests.permanences.factories import occurrence_pour, saisie_habitant

pytestmark = pytest.mark.django_db

PAGE = "/rendez-vous/titre-de-sejour/"


def valeur(occurrence, minutes=0):
    debut = occurrence.debut + timedelta(minutes=minutes)
    return Creneau(debut, debut, occurrence.pk).valeur


def lire(client, url):
    """(the page's text, whether it was rendered for this request)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), bool(response.templates)


def reserver(demarche, occurrence, minutes=0, nom="Banc"):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut + timedelta(minutes=minutes),
        nom=nom,
        telephone="0612345678",
    )


@pytest.fixture
def seances(demarche, occurrence):
    """Seven days of sessions: the list shows the first five."""
    return [occurrence] + [
        occurrence_pour(demarche, jour=occurrence.date + timedelta(days=jour))
        for jour in range(1, 7)
    ]


def test_a_booking_beyond_the_days_shown_keeps_the_list_without_a_render(demarche, seances):
    visiteur = Client()
    avant, rendue = lire(visiteur, PAGE)
    assert rendue and valeur(seances[0]) in avant and valeur(seances[6]) not in avant
    version = version_de(demarche)
    reserver(demarche, seances[6])
    assert version_de(demarche) != version  # the page's version is new
    apres, rendue = lire(visiteur, PAGE)
    assert apres == avant and not rendue
    reserver(demarche, seances[0])  # a time the list shows: the next page shows it
    apres, rendue = lire(visiteur, PAGE)
    assert rendue and valeur(seances[0]) not in apres and valeur(seances[0], 45) in apres


def test_a_booking_form_is_kept_through_other_bookings_and_says_at_once_its_time_is_taken(
    demarche, occurrence
):
    visiteur = Client()
    url = f"{PAGE}reserver/?creneau={valeur(occurrence)}"
    avant, rendue = lire(visiteur, url)
    assert rendue and "Qui êtes-vous" in avant
    reserver(demarche, occurrence, 45)
    apres, rendue = lire(visiteur, url)
    assert not rendue and "Qui êtes-vous" in apres
    reserver(demarche, occurrence, 0)
    apres, rendue = lire(visiteur, url)
    assert rendue and "Quelqu&#x27;un vient de prendre cette heure." in apres
    assert valeur(occurrence, 90) in apres and "Qui êtes-vous" not in apres


def test_in_a_rush_of_bookings_the_list_is_late_by_a_few_seconds_at_most(demarche, occurrence):
    visiteur = Client()
    with time_machine.travel(timezone.now(), tick=False) as voyage:
        assert valeur(occurrence) in lire(visiteur, PAGE)[0]
        reserver(demarche, occurrence, 0)  # after a calm: shown at once
        page, rendue = lire(visiteur, PAGE)
        assert rendue and valeur(occurrence) not in page and valeur(occurrence, 45) in page
        reserver(demarche, occurrence, 45, nom="Bis")  # a rush: the last render, no render
        page, rendue = lire(visiteur, PAGE)
        assert not rendue and valeur(occurrence, 45) in page
        voyage.shift(timedelta(seconds=RETARD_CRENEAUX - 1))
        assert valeur(occurrence, 45) in lire(visiteur, PAGE)[0]
        voyage.shift(timedelta(seconds=1))  # never later than RETARD_CRENEAUX seconds
        page, rendue = lire(visiteur, PAGE)
        assert rendue and valeur(occurrence, 45) not in page and valeur(occurrence, 90) in page
        # The time taken in the rush is refused on its form at once, never booked twice.
        form, _rendue = lire(visiteur, f"{PAGE}reserver/?creneau={valeur(occurrence, 45)}")
        assert "Quelqu&#x27;un vient de prendre cette heure." in form
        assert (
            RendezVous.objects.filter(debut=occurrence.debut + timedelta(minutes=45)).count() == 1
        )


def test_a_change_of_the_offer_in_a_rush_of_bookings_shows_at_once(demarche, occurrence):
    visiteur = Client()
    with time_machine.travel(timezone.now(), tick=False):
        lire(visiteur, PAGE)
        reserver(demarche, occurrence, 0)
        lire(visiteur, PAGE)  # rendered because of a booking
        demarche.duree_minutes = 60
        demarche.save()
        page, rendue = lire(visiteur, PAGE)
        # 9:45 then 10:45 (an hour each) instead of 9:45, 10:30, 11:15
        assert rendue and valeur(occurrence, 90) not in page and valeur(occurrence, 105) in page


def test_a_form_served_for_a_time_taken_meanwhile_is_refused_at_post_keeping_what_was_typed(
    demarche, occurrence
):
    """While one request renders the form of a time just taken, another visitor may get its
    last render: posting it is refused with the message, the next times and their details."""
    visiteur = Client()
    url = f"{PAGE}reserver/?creneau={valeur(occurrence)}"
    lire(visiteur, url)
    reserver(demarche, occurrence, 0)
    _derniere, verrou = cles_du_rendu(RequestFactory().get(url))
    assert cache.add(verrou, True, 10)  # another request renders the refusal
    page, rendue = lire(visiteur, url)
    assert not rendue and "Qui êtes-vous" in page  # the form of that moment
    saisie = saisie_habitant(creneau=valeur(occurrence), nom="Awa Diallo", telephone="0611223344")
    response = visiteur.post(f"{PAGE}reserver/", saisie)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Quelqu&#x27;un vient de prendre cette heure." in page
    assert 'value="Awa Diallo"' in page and 'value="0611223344"' in page
    assert f'value="{valeur(occurrence, 45)}"' in page  # the next times, as choices
    assert RendezVous.objects.count() == 1


@pytest.fixture
def page_du_lieu(demarche):
    """With a second place in the network: the démarche's list under its place's address."""
    Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")
    lieu = Lieu.objects.get(pk=demarche.lieu_id)
    lieu.plusieurs = True
    return url_lieu("permanences:demarche_ou_rendez_vous", lieu, demarche.slug)


def test_a_booking_leaves_its_demarche_free_slots_in_the_cache_for_the_next_reader(
    demarche, seances, page_du_lieu, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The first reader after a booking reads the versions only: the free slots the booking
    computed are in the shared cache from its commit, not read again from the summary row."""
    visiteur = Client()
    formulaire = f"{page_du_lieu}reserver/?creneau={valeur(seances[1])}"
    lire(visiteur, page_du_lieu)
    lire(visiteur, formulaire)
    with django_capture_on_commit_callbacks(execute=True):
        reserver(demarche, seances[6])
    with django_assert_num_queries(1):
        assert not lire(visiteur, page_du_lieu)[1]
    with django_capture_on_commit_callbacks(execute=True):
        reserver(demarche, seances[5])
    with django_assert_num_queries(1):
        assert not lire(visiteur, formulaire)[1]
    with django_capture_on_commit_callbacks(execute=True):
        reserver(demarche, seances[0])  # a time the list shows: rendered, without it
    page, rendue = lire(visiteur, page_du_lieu)
    assert rendue and valeur(seances[0]) not in page and valeur(seances[0], 45) in page


def test_a_place_page_after_a_booking_reads_that_place_not_the_network(
    demarche, seances, page_du_lieu, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """With several places, the free slots of one place's démarche are found after a booking
    without the list of every place: with that list gone from the cache, still one query."""
    visiteur = Client()
    assert lire(visiteur, page_du_lieu)[1]
    with django_capture_on_commit_callbacks(execute=True):
        reserver(demarche, seances[6])
    cache.delete(f"lieux-publics:{version_reseau()}:{timezone.localdate().isoformat()}")
    with django_assert_num_queries(1):
        assert not lire(visiteur, page_du_lieu)[1]
