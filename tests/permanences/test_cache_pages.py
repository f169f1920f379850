"""Whole public pages from the cache (ruche.cache_pages) for visitors without an account: a
write shows on the next page at once, each language and each secret link has its own page,
a logged-in person or a pending message never meets a cached page, and each visitor's form
carries its own CSRF and anti-robot tokens."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import CreneauxLibres, RendezVous
from tests.permanences.factories import RendezVousFactory, occurrence_pour, saisie_habitant
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db

PAGE = "/rendez-vous/titre-de-sejour/"


def valeur(occurrence, minutes=0):
    debut = occurrence.debut + timedelta(minutes=minutes)
    return Creneau(debut, debut, occurrence.pk).valeur


def texte(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def champ(html, nom):
    return re.findall(rf'name="{nom}" value="([^"]*)"', html)


def test_a_booking_posted_shows_on_the_next_anonymous_page(demarche, occurrence):
    visiteur, habitant = Client(), Client()
    for _ in range(2):  # the second one from the cache
        assert valeur(occurrence) in texte(visiteur, PAGE)
    response = habitant.post(f"{PAGE}reserver/", saisie_habitant(creneau=valeur(occurrence)))
    assert response.status_code == 302
    page = texte(visiteur, PAGE)
    assert valeur(occurrence) not in page and valeur(occurrence, 45) in page


def test_a_cancellation_posted_frees_the_slot_on_the_next_anonymous_page(demarche, occurrence):
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    visiteur = Client()
    for _ in range(2):
        assert valeur(occurrence) not in texte(visiteur, PAGE)
        assert "Annuler" in texte(visiteur, f"/rendez-vous/{rdv.secret}/")
    assert Client().post(f"/rendez-vous/{rdv.secret}/annuler/").status_code == 302
    assert valeur(occurrence) in texte(visiteur, PAGE)
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ANNULE_HABITANT
    assert "Annulé" in texte(visiteur, f"/rendez-vous/{rdv.secret}/")


def test_each_language_gets_its_own_page(demarche, occurrence):
    visiteur = Client()
    for _ in range(2):
        assert '<html lang="fr"' in texte(visiteur, PAGE, headers={"accept-language": "fr"})
        assert '<html lang="en"' in texte(visiteur, PAGE, headers={"accept-language": "en"})
    visiteur.cookies["django_language"] = "ar"
    assert '<html lang="ar"' in texte(visiteur, PAGE, headers={"accept-language": "en"})


def test_a_secret_link_page_is_never_served_to_another_link(demarche, occurrence):
    autre = occurrence_pour(demarche, jour=occurrence.date + timedelta(days=1))
    awa = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    paul = RendezVousFactory(occurrence=autre, demarche=demarche, nom="Paul Martin")
    visiteur = Client()
    for _ in range(2):
        page_awa = texte(visiteur, f"/rendez-vous/{awa.secret}/")
        page_paul = texte(visiteur, f"/rendez-vous/{paul.secret}/")
        assert "Awa Diallo" in page_awa and "Paul Martin" not in page_awa
        assert "Paul Martin" in page_paul and "Awa Diallo" not in page_paul
    response = visiteur.get(f"/rendez-vous/{awa.secret[:-2]}xx/")
    assert response.status_code == 404 and "Awa Diallo" not in response.content.decode()


def test_the_message_after_a_booking_stays_with_the_person_who_booked(demarche, occurrence):
    habitant = Client()
    response = habitant.post(
        f"{PAGE}reserver/", saisie_habitant(creneau=valeur(occurrence)), follow=True
    )
    assert "C'est réservé" in unescape(response.content.decode())
    secret = RendezVous.objects.get().secret
    for _ in range(2):
        page = unescape(texte(Client(), f"/rendez-vous/{secret}/"))
        assert "Awa Diallo" in page and "C'est réservé" not in page


def test_no_cached_page_for_a_logged_in_person(client, demarche, occurrence):
    anonyme = Client()
    texte(anonyme, "/")
    texte(anonyme, "/")
    client.force_login(BenevoleFactory())
    assert 'action="/deconnexion/"' in texte(client, "/")
    # and the logged-in person's page was not kept for the others
    assert 'action="/deconnexion/"' not in texte(anonyme, "/")
    assert 'action="/deconnexion/"' not in texte(Client(), "/")


def test_each_visitor_of_a_cached_form_gets_own_tokens_and_can_book(demarche, occurrence):
    url = f"{PAGE}reserver/?creneau={valeur(occurrence)}"
    visiteurs = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [texte(v, url) for v in visiteurs]
    jetons = [champ(page, "jeton") for page in pages]
    csrf = [champ(page, "csrfmiddlewaretoken") for page in pages]
    assert all(len(j) == 1 for j in jetons) and jetons[0] != jetons[1]
    assert all(len(c) == 1 for c in csrf) and csrf[0] != csrf[1]
    assert "@@" not in pages[1]
    for visiteur in visiteurs:
        assert visiteur.cookies["csrftoken"].value
        response = visiteur.get(url)  # from the cache, with the visitor's own cookie
        assert response.status_code == 200
    for minutes, visiteur in zip((0, 45), visiteurs, strict=True):
        html = texte(visiteur, f"{PAGE}reserver/?creneau={valeur(occurrence, minutes)}")
        donnees = saisie_habitant(
            creneau=valeur(occurrence, minutes),
            jeton=champ(html, "jeton")[0],
            csrfmiddlewaretoken=champ(html, "csrfmiddlewaretoken")[0],
        )
        response = visiteur.post(f"{PAGE}reserver/", donnees)
        assert response.status_code == 302, response.content.decode()
    assert RendezVous.objects.count() == 2


@pytest.mark.parametrize("semaines", [1, 6])
def test_a_cached_public_page_costs_one_query_whatever_the_data(
    demarche, occurrence, semaines, django_assert_num_queries
):
    for jour in range(8, 8 + semaines * 7, 2):
        autre = occurrence_pour(demarche, jour=occurrence.date + timedelta(days=jour))
        RendezVousFactory(occurrence=autre, demarche=demarche)
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    visiteur = Client()
    for url in [
        "/",
        "/rendez-vous/",
        PAGE,
        f"{PAGE}reserver/?creneau={valeur(occurrence, 45)}",
        "/ateliers/",
        f"/rendez-vous/{rdv.secret}/",
    ]:
        texte(visiteur, url)
        with django_assert_num_queries(1):  # the data's version
            texte(visiteur, url)


def test_a_cached_page_is_rendered_again_after_a_minute(demarche, occurrence):
    """What depends on the clock alone (a slot leaving its booking window) moves a minute
    late at most."""
    visiteur = Client()
    with time_machine.travel(timezone.now(), tick=False) as voyage:
        texte(visiteur, PAGE)
        RendezVous.objects.bulk_create(  # no signal, no new version: only the clock helps
            [
                RendezVous(
                    occurrence=occurrence,
                    demarche=demarche,
                    debut=occurrence.debut,
                    fin=occurrence.debut + timedelta(minutes=45),
                    nom="Sans signal",
                    telephone="0612345678",
                )
            ]
        )
        # the slots' own cache and summary are keyed by their version: only the page's
        # minute is tested
        cache.delete_many([k.split(":", 2)[2] for k in cache._cache if "creneaux-libres" in k])
        CreneauxLibres.objects.all().delete()
        voyage.shift(timedelta(seconds=30))
        assert valeur(occurrence) in texte(visiteur, PAGE)
        voyage.shift(timedelta(seconds=31))
        assert valeur(occurrence) not in texte(visiteur, PAGE)
