"""The logged-in pages with Valkey or Redis as the cache (ruche.cache): a warm hit reads its
session and its parts from its own process's tier, without a round trip to the shared cache,
and a process's copy is never older than what another process made: a logout, a password
changed, a session's end or a write elsewhere counts at the next request, whatever each
process kept. Each process is a cache of its own (`DeuxNiveaux`, its own tier) in front of
one Redis, as two gunicorn workers or two machines are."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from permanences.services.calendrier import annuler_occurrence
from ruche.cache import ABSENT
from ruche.models import Lieu
from ruche.models.lieu import lieu_par_defaut
from ruche.sessions import SessionStore
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import PASSWORD, BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

JOURNEE = "/espace/journee/"
STATISTIQUES = "/statistiques/"
SEMAINE = "/espace/"
JOUR = "/espace/rendez-vous/"
PAGES = {
    "semaine": (SEMAINE, "benevole"),
    "jour": (JOUR, "benevole"),
    "tableau du jour": (JOURNEE, "agent"),
    "statistiques": (STATISTIQUES, "agent"),
}


@pytest.fixture
def processus(cache_redis):
    """processus("B") makes the next requests run in another process (its own tier, the
    same Redis); processus("A") back in the first."""
    tiers = {"A": caches["default"], "B": caches.create_connection("default")}

    def dans(nom):
        caches["default"] = tiers[nom]
        return tiers[nom]

    yield dans
    dans("A")


@pytest.fixture
def comptes():
    occurrence = occurrence_pour(
        DemarcheFactory(), jour=timezone.localdate(), debut=dt.time(9), fin=dt.time(11)
    )
    RendezVousFactory(
        occurrence=occurrence, demarche=occurrence.permanence.demarches.get(), nom="Awa Diallo"
    )
    return {
        "benevole": BenevoleFactory(organisation=occurrence.permanence.organisation),
        "agent": PersonnelFactory(),
        "occurrence": occurrence,
    }


def connecte(utilisateur, url=JOURNEE):
    """A browser logged in, its session's copy and the page's parts in use."""
    client = Client()
    client.force_login(utilisateur)
    for _ in range(3):  # the session's copy is used from the third request (ruche.sessions)
        assert client.get(url).status_code == 200
    return client


def cle_de_session(client):
    return SessionStore.cache_key_prefix + client.cookies[settings.SESSION_COOKIE_NAME].value


def copie_locale(client):
    return cache.locale.lire(f"{cache.version}:{cle_de_session(client)}")


def deconnecte(reponse):
    return reponse.status_code == 302 and reponse.url.startswith(reverse("login"))


def appels_au_partage(monkeypatch):
    """The calls the process makes to the shared cache from now on."""
    appels = []
    for methode in ("get", "get_many", "set", "set_many", "add", "delete", "touch"):
        origine = getattr(cache.partage, methode)

        def compte(*args, _methode=methode, _origine=origine, **kwargs):
            appels.append((_methode, args[0]))
            return _origine(*args, **kwargs)

        monkeypatch.setattr(cache.partage, methode, compte)
    return appels


@pytest.mark.parametrize("page", PAGES)
def test_a_warm_logged_in_page_makes_no_round_trip_to_the_shared_cache(
    processus, comptes, monkeypatch, page
):
    url, compte = PAGES[page]
    client = connecte(comptes[compte], url)
    appels = appels_au_partage(monkeypatch)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert appels == []


def test_a_logout_in_another_process_ends_the_copy_kept_here(processus, comptes):
    client = connecte(comptes["agent"])
    ancienne = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert copie_locale(client) is not ABSENT
    processus("B")
    assert client.post(reverse("logout")).status_code == 302
    processus("A")  # the browser (or a thief) keeps the old cookie; this process its copy
    client.cookies[settings.SESSION_COOKIE_NAME] = ancienne
    assert copie_locale(client) is not ABSENT
    assert deconnecte(client.get(JOURNEE))


def test_a_password_changed_in_another_process_ends_the_sessions_kept_here(processus, comptes):
    agent = comptes["agent"]
    ici = connecte(agent)
    assert copie_locale(ici) is not ABSENT
    processus("B")
    agent.set_password(PASSWORD + "-nouveau")
    agent.save()  # as the reset form does: the person's sessions are not touched
    processus("A")
    assert copie_locale(ici) is not ABSENT
    assert deconnecte(ici.get(JOURNEE))


def test_a_session_saved_in_another_process_is_read_again_here(processus, comptes):
    client = connecte(comptes["agent"])
    cle = client.cookies[settings.SESSION_COOKIE_NAME].value
    processus("B")
    ailleurs = SessionStore(cle)
    ailleurs["lieu_choisi"] = "pont"
    ailleurs.save()
    processus("A")
    assert copie_locale(client) is not ABSENT
    assert SessionStore(cle)["lieu_choisi"] == "pont"


def test_a_session_past_its_end_is_never_served_from_a_copy(processus, comptes):
    client = connecte(comptes["agent"])
    assert copie_locale(client) is not ABSENT
    fin = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with time_machine.travel(fin, tick=False):
        assert deconnecte(client.get(JOURNEE))


def test_a_visit_typed_in_another_process_shows_on_the_board_and_statistics_here(
    processus, comptes
):
    agent = comptes["agent"]
    client = connecte(agent)
    for _ in range(2):
        client.get(STATISTIQUES)
    assert "<strong>0</strong> visiteurs" in client.get(STATISTIQUES).content.decode()
    processus("B")
    ailleurs = connecte(agent)
    ailleurs.post(JOURNEE, {"accompagnement": "sans_rdv"})
    assert "<strong>1</strong> visiteurs" in ailleurs.get(STATISTIQUES).content.decode()
    ailleurs.get(JOURNEE)  # the new board is in the shared cache
    processus("A")
    assert "<strong>1</strong> visiteurs" in client.get(STATISTIQUES).content.decode()
    assert "1 passage aujourd'hui" in client.get(JOURNEE).content.decode()


def test_writes_made_in_another_process_show_in_the_volunteers_day_and_week_here(
    processus, comptes
):
    benevole, occurrence = comptes["benevole"], comptes["occurrence"]
    client = connecte(benevole, JOUR)
    for _ in range(2):
        assert "Bintou Camara" not in client.get(JOUR).content.decode()
        assert "Non maintenue" not in client.get(SEMAINE).content.decode()
    processus("B")
    RendezVousFactory(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        debut=occurrence.debut + dt.timedelta(hours=1),
        nom="Bintou Camara",
    )
    ailleurs = connecte(benevole, JOUR)  # the new parts are in the shared cache
    processus("A")
    assert "Bintou Camara" in client.get(JOUR).content.decode()
    processus("B")
    annuler_occurrence(occurrence=occurrence, motif="Formation", par=comptes["agent"])
    assert "Non maintenue" in ailleurs.get(SEMAINE).content.decode()
    processus("A")
    assert "Non maintenue" in client.get(SEMAINE).content.decode()


def test_a_place_renamed_shows_at_once_in_its_staffs_header_and_public_pages(client):
    alpha = Lieu.objects.get(pk=lieu_par_defaut())
    Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")
    agent = PersonnelFactory()
    agent.lieux.add(alpha)
    personnel = connecte(agent)
    for _ in range(2):
        assert alpha.nom in client.get(f"/{alpha.slug}/").content.decode()
    alpha.nom, alpha.commune = "France Services Bagnols", "Bagnols"
    alpha.save()
    entete = '<span class="entete-lieu">France Services Bagnols</span>'
    pied = "Ce lieu est à Bagnols."
    for page in (personnel.get(JOURNEE), client.get(f"/{alpha.slug}/")):
        assert entete in page.content.decode() and pied in page.content.decode()


def test_the_dashboards_filters_are_rendered_once_and_follow_the_places_names(cache_redis):
    alpha = Lieu.objects.get(pk=lieu_par_defaut())
    beta = Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")
    Lieu.objects.create(nom="Lieu Gamma", slug="lieu-gamma", commune="Uzès")
    agent = PersonnelFactory()
    agent.lieux.add(alpha, beta)  # two places of three: the place filter shows
    client = connecte(agent, STATISTIQUES)
    reponse = client.get(STATISTIQUES)
    rendus = {t.name for t in reponse.templates}
    assert not rendus & {"ruche/statistiques/_filtres.html", "ruche/_choix_lieu.html"}
    assert "Lieu Bêta" in reponse.content.decode()
    beta.nom = "France Services Pont"
    beta.save()
    page = client.get(STATISTIQUES).content.decode()
    assert "France Services Pont" in page and "Lieu Bêta" not in page
    # A period typed wrong: its errors are shown, never kept for the next request.
    erreur = client.get(STATISTIQUES, {"debut": "2025-02-30", "fin": "2025-03-01"})
    assert erreur.status_code == 400 and "is-invalid" in erreur.content.decode()
    assert "is-invalid" not in client.get(STATISTIQUES).content.decode()
