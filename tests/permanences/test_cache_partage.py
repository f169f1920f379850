"""The pages' cache shared by every process (Valkey or Redis, ruche.cache) and what protects
it: public pages served from it, each process's own tier for versioned keys only, one render
after a write while the others get the previous one, and nothing correct depending on the
cache: flushed or stopped in the middle of traffic, it costs time, never a wrong page, a
double booking or a lost mail."""

from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from permanences.creneaux import Creneau
from permanences.models import RendezVous
from ruche.cache_pages import cles_du_rendu
from tests.permanences.factories import RendezVousFactory, saisie_habitant

pytestmark = pytest.mark.django_db

PAGE = "/rendez-vous/titre-de-sejour/"


def valeur(occurrence, minutes=0):
    debut = occurrence.debut + timedelta(minutes=minutes)
    return Creneau(debut, debut, occurrence.pk).valeur


def texte(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def reserver(occurrence, minutes=0):
    return Client().post(
        f"{PAGE}reserver/", saisie_habitant(creneau=valeur(occurrence, minutes), email="")
    )


def cles_redis(serveur):
    return {cle.decode() for cle in redis.Redis(unix_socket_path=str(serveur.socket)).scan_iter()}


def test_public_pages_are_served_from_redis_and_kept_in_the_process_too(
    cache_redis, demarche, occurrence
):
    visiteur = Client()
    assert valeur(occurrence) in texte(visiteur, PAGE)
    assert any(":page:" in cle for cle in cles_redis(cache_redis))
    # Another process: its own tier is empty, Redis has the page (the version: one query).
    cache.locale.vider()
    with CaptureQueriesContext(connection) as requetes:
        assert valeur(occurrence) in texte(visiteur, PAGE)
    assert len(requetes) == 1
    # This process now keeps its copy: the page costs no round trip to Redis.
    redis.Redis(unix_socket_path=str(cache_redis.socket)).flushall()
    with CaptureQueriesContext(connection) as requetes:
        assert valeur(occurrence) in texte(visiteur, PAGE)
    assert len(requetes) == 1


def test_only_keys_carrying_a_version_are_kept_in_the_process(cache_redis):
    cache.set("page:v1:x", "page", 60)
    cache.set("envois-echoues", 3, 60)
    redis.Redis(unix_socket_path=str(cache_redis.socket)).flushall()
    assert cache.get("page:v1:x") == "page"
    assert cache.get("envois-echoues") is None  # deleted elsewhere: never kept here


def test_a_booking_in_one_process_shows_in_another_at_once(cache_redis, demarche, occurrence):
    visiteur = Client()
    for _ in range(2):
        assert valeur(occurrence) in texte(visiteur, PAGE)
    assert reserver(occurrence).status_code == 302
    cache.locale.vider()  # the visitor's request reaches another process
    page = texte(visiteur, PAGE)
    assert valeur(occurrence) not in page and valeur(occurrence, 45) in page


def test_a_flushed_cache_costs_time_never_a_wrong_page(cache_redis, demarche, occurrence):
    visiteur = Client()
    for _ in range(2):
        assert valeur(occurrence) in texte(visiteur, PAGE)
    serveur = redis.Redis(unix_socket_path=str(cache_redis.socket))
    serveur.flushall()
    assert reserver(occurrence).status_code == 302
    serveur.flushall()
    cache.locale.vider()
    page = texte(visiteur, PAGE)
    assert valeur(occurrence) not in page and valeur(occurrence, 45) in page


def test_redis_stopped_mid_traffic_never_gives_a_wrong_page_a_double_booking_or_a_lost_mail(
    cache_redis, demarche, occurrence, django_capture_on_commit_callbacks
):
    visiteur = Client()
    for _ in range(2):
        assert valeur(occurrence) in texte(visiteur, PAGE)
    cache_redis.arreter()
    with django_capture_on_commit_callbacks(execute=True):
        premier = Client().post(
            f"{PAGE}reserver/",
            saisie_habitant(creneau=valeur(occurrence), email="awa@exemple.fr"),
        )
    assert premier.status_code == 302
    page = texte(visiteur, PAGE)
    assert valeur(occurrence) not in page and valeur(occurrence, 45) in page
    second = Client().post(
        f"{PAGE}reserver/",
        saisie_habitant(creneau=valeur(occurrence), nom="Paul Martin", telephone="0611223344"),
    )
    assert second.status_code == 409  # refused beside the next slots, never booked twice
    assert RendezVous.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["awa@exemple.fr"]]
    rdv = RendezVous.objects.get()
    assert rdv.nom in texte(visiteur, f"/rendez-vous/{rdv.secret}/")


def test_while_one_request_renders_a_page_after_a_write_the_others_get_the_previous_render(
    demarche, occurrence
):
    visiteur = Client()
    assert valeur(occurrence) in texte(visiteur, PAGE)
    RendezVousFactory(occurrence=occurrence, demarche=demarche)  # a write: a new version
    _precedente, verrou = cles_du_rendu(RequestFactory().get(PAGE))
    assert cache.add(verrou, True, 10)  # another request is rendering the page
    pendant = visiteur.get(PAGE)
    assert valeur(occurrence) in pendant.content.decode()  # the previous render, for that moment
    assert not pendant.templates  # nothing rendered twice
    cache.delete(verrou)  # that render is done (here: given up)
    assert valeur(occurrence) not in texte(visiteur, PAGE)


def test_a_page_past_its_minute_is_rendered_by_one_request_while_the_others_get_the_last(
    demarche, occurrence
):
    import time_machine

    visiteur = Client()
    assert valeur(occurrence) in texte(visiteur, PAGE)
    with time_machine.travel(timedelta(seconds=90)):  # the page's minute is over
        _precedente, verrou = cles_du_rendu(RequestFactory().get(PAGE))
        assert cache.add(verrou, True, 10)  # another request is rendering it again
        pendant = visiteur.get(PAGE)
        assert valeur(occurrence) in pendant.content.decode()
        assert not pendant.templates  # the last render
        cache.delete(verrou)
        apres = visiteur.get(PAGE)
        assert valeur(occurrence) in apres.content.decode()
        assert apres.templates  # rendered again by this one


def test_without_a_previous_render_a_request_waits_a_moment_then_renders_it_itself(
    demarche, occurrence, monkeypatch
):
    from ruche import cache_pages

    visiteur = Client()
    _precedente, verrou = cles_du_rendu(RequestFactory().get(PAGE))
    assert cache.add(verrou, True, 10)
    monkeypatch.setattr(cache_pages, "ATTENTE", 0.05)
    with CaptureQueriesContext(connection) as requetes:
        page = texte(visiteur, PAGE)  # nobody stored it in time: rendered here
    assert valeur(occurrence) in page and len(requetes) > 1
