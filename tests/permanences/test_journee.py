"""Each role's start page after login, and the staff's day board with its alerts."""

import datetime as dt
import uuid
from unittest import mock

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from permanences.models import Inscription
from ruche.alertes import FOURNISSEURS, Alerte, alertes_du_jour, fournisseur
from ruche.comptes import COMPTES
from ruche.models import EnvoiEchoue, Passage
from ruche.models.taches import TACHE_COURRIEL
from ruche.portees import changer_public
from ruche.services.taches import renvoyer
from ruche.sessions import SessionStore
from ruche.versions import changer_version
from tests.partenariats.factories import ConventionFactory
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    SalleFactory,
    occurrence_pour,
)
from tests.ruche.factories import (
    PASSWORD,
    BenevoleFactory,
    ComiteFactory,
    PersonnelFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

URL = "/espace/journee/"


@pytest.mark.parametrize(
    ("fabrique", "depart"),
    [
        (PersonnelFactory, "/espace/journee/"),
        (BenevoleFactory, "/espace/"),
        (ComiteFactory, "/statistiques/"),
        (UtilisateurFactory, "/"),
    ],
)
def test_each_role_lands_on_its_own_start_page(client, fabrique, depart):
    utilisateur = fabrique()
    response = client.post("/connexion/", {"username": utilisateur.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == depart
    assert client.get(depart).status_code == 200


def test_the_page_asked_before_login_still_wins(client):
    utilisateur = PersonnelFactory()
    response = client.post(
        "/connexion/?next=/passages/", {"username": utilisateur.username, "password": PASSWORD}
    )
    assert response.url == "/passages/"


@pytest.mark.parametrize("fabrique", [BenevoleFactory, ComiteFactory, UtilisateurFactory])
def test_the_day_board_is_for_the_staff_only(client, fabrique):
    client.force_login(fabrique())
    assert client.get(URL).status_code == 403


def test_the_day_board_is_in_the_staffs_menu(client, personnel):
    client.force_login(personnel)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_one_tap_records_a_visit_and_the_counter_shows_it(client, personnel):
    client.force_login(personnel)
    response = client.post(URL, {"accompagnement": Passage.Accompagnement.AUTONOMIE})
    # Back at the counter (its buttons), not at the top of the page.
    assert response.status_code == 302 and response.url == URL + "#passages"
    passage = Passage.objects.get()
    assert passage.auteur == personnel and passage.accompagnement == "autonomie"
    html = client.get(URL).content.decode()
    assert "1 passage aujourd&#x27;hui" in html or "1 passage aujourd'hui" in html
    assert 'Accès en autonomie à l&#x27;ordinateur <span class="compteur">(1)</span>' in html
    # The confirmation is beside the buttons, where the page comes back, not above it.
    compteur = html[html.index('id="passages"') :]
    assert "Passage enregistré" in compteur.split("</section>")[0]
    assert "Passage enregistré" not in html[: html.index('id="passages"')]


def test_a_tap_without_a_kind_records_nothing_and_says_why(client, personnel):
    client.force_login(personnel)
    response = client.post(URL, {"accompagnement": "pas-un-type"}, follow=True)
    assert Passage.objects.count() == 0
    assert "Appuyez sur un des boutons" in response.content.decode()


def remplir_la_journee(personnel, nombre):
    """`nombre` sessions today with two appointments each, workshops with a waiting list,
    failed mail, a convention needing attention."""
    jour = timezone.localdate()
    for i in range(nombre):
        occurrence = occurrence_pour(
            DemarcheFactory(), jour=jour, debut=dt.time(8 + i), fin=dt.time(10 + i)
        )
        demarche = occurrence.permanence.demarches.get()
        for minutes in (0, 60):
            RendezVousFactory(
                occurrence=occurrence,
                demarche=demarche,
                debut=occurrence.debut + dt.timedelta(minutes=minutes),
            )
        atelier = AtelierFactory(capacite=1, salle=SalleFactory(nom=f"Salle {uuid.uuid4()}"))
        InscriptionFactory(atelier=atelier)
        InscriptionFactory(atelier=atelier, statut=Inscription.Statut.EN_ATTENTE, position=1)
        ConventionFactory()
        Passage.objects.create(auteur=personnel, accompagnement="sans_rdv")
        EnvoiEchoue.objects.create(
            task_path=TACHE_COURRIEL,
            status="FAILED",
            args_kwargs={"args": [{"to": ["a@exemple.fr"], "subject": "Rappel"}], "kwargs": {}},
            run_after=timezone.now(),
            backend_name="default",
        )


def requetes(client):
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(URL).status_code == 200
    return len(contexte)


def test_the_day_board_runs_a_fixed_number_of_queries(client, personnel):
    client.force_login(personnel)
    remplir_la_journee(personnel, 1)
    client.get(URL)  # warms the caches (content types, sessions: their copy is used from
    client.get(URL)  # the third request on, ruche.sessions)
    changer_version()  # cold: the cached alerts and sessions are gone,
    changer_version(COMPTES)  # the accounts kept per process,
    changer_public()  # and the header's places and footer (the network's, ruche.portees)
    froid = requetes(client)
    chaud = requetes(client)
    remplir_la_journee(personnel, 4)
    assert requetes(client) == froid
    assert requetes(client) == chaud
    # 17 cold and 7 warm, plus the person's places and the number of places (place rule);
    # cold, the failed messages are counted again too (kept at the staff pages' version),
    # and, once per version of the network (ruche.portees, changed above too), the places
    # the header speaks for and the accessibility status the footer shows. Whether the
    # install has several places comes from those places (it was a query of its own in the
    # failed messages' count: 23). The session is not read again: its copy holds, and warm
    # the page costs the request's one query of versions (ruche.sessions, ruche.comptes).
    assert froid <= 21 and chaud == 1


def test_the_board_shows_the_days_sessions_appointments_workshops_and_alerts(client, personnel):
    remplir_la_journee(personnel, 1)
    client.force_login(personnel)
    html = client.get(URL).content.decode()
    rdv = RendezVousFactory._meta.model.objects.first()
    assert rdv.nom.replace("'", "&#x27;") in html
    assert "1 message n&#x27;est pas parti." in html
    assert "1 personne attend une place" in html
    assert "Convention pas encore signée" in html


def test_years_of_missed_committees_take_one_line_of_the_board(client, personnel):
    # A convention renewed since 2015 whose committees were never recorded: the board says
    # it once, with the number and the years; the convention's page lists each year.
    ConventionFactory(debut=dt.date(2015, 1, 1), premiere_fin=dt.date(2015, 12, 31))
    client.force_login(personnel)
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        html = client.get(URL).content.decode()
    assert html.count("comités non tenus") == 1
    assert "11 comités non tenus, de 2015 à 2025 : notez ce qui s&#x27;est passé." in html
    assert "Comité 2016 non tenu" not in html


def test_a_registered_provider_feeds_the_board(client, personnel):
    @fournisseur("essai", ordre=1)
    def essai(utilisateur, jour):
        return [Alerte(titre=f"Calendrier à valider pour {utilisateur.username}", lien="/x/")]

    try:
        client.force_login(personnel)
        html = client.get(URL).content.decode()
        assert f'<a href="/x/">Calendrier à valider pour {personnel.username}</a>' in html
    finally:
        del FOURNISSEURS["essai"]


def test_urgent_alerts_come_before_the_ones_that_can_wait(personnel):
    @fournisseur("plus_tard", ordre=0)
    def plus_tard(utilisateur, jour):
        return [Alerte(titre="info", niveau="info")]

    @fournisseur("urgent", ordre=99)
    def urgent(utilisateur, jour):
        return [Alerte(titre="urgent")]

    try:
        titres = [a.titre for a in alertes_du_jour(personnel, timezone.localdate())]
        assert titres.index("urgent") < titres.index("info")
    finally:
        del FOURNISSEURS["plus_tard"], FOURNISSEURS["urgent"]


def test_the_board_without_anything_says_so(client, personnel):
    client.force_login(personnel)
    html = client.get(reverse("permanences:journee")).content.decode()
    assert "Pas de permanence aujourd'hui." in html
    assert "Pas d'atelier aujourd'hui." in html


def echec():
    return EnvoiEchoue.objects.create(
        task_path=TACHE_COURRIEL,
        status="FAILED",
        args_kwargs={"args": [{"to": ["a@exemple.fr"], "subject": "Rappel"}], "kwargs": {}},
        run_after=timezone.now(),
        backend_name="default",
    )


def test_a_failed_message_resent_or_deleted_leaves_the_board_at_once(client, personnel):
    premier, second = echec(), echec()
    client.force_login(personnel)
    assert "2 messages ne sont pas partis." in client.get(URL).content.decode()
    premier.delete()
    assert "1 message n&#x27;est pas parti." in client.get(URL).content.decode()
    renvoyer(second)
    assert "pas parti" not in client.get(URL).content.decode()


def test_a_waiting_list_alert_leaves_the_board_when_the_workshop_starts(client, personnel):
    atelier = AtelierFactory(capacite=1, debut=timezone.now() + dt.timedelta(hours=2))
    InscriptionFactory(atelier=atelier)
    InscriptionFactory(atelier=atelier, statut=Inscription.Statut.EN_ATTENTE, position=1)
    client.force_login(personnel)
    assert "1 personne attend une place" in client.get(URL).content.decode()
    with time_machine.travel(atelier.debut + dt.timedelta(minutes=1)):
        assert "attend une place" not in client.get(URL).content.decode()


def lire_en_comptant(client):
    """(response, keys of the cache entries the request read)."""
    memoire = caches["default"]
    lues, lire = [], memoire.get

    def espion(cle, *args, **kwargs):
        lues.append(cle)
        return lire(cle, *args, **kwargs)

    with mock.patch.object(memoire, "get", espion):
        reponse = client.get(URL)
    assert reponse.status_code == 200
    return reponse, lues


# What every logged-in page reads around its content: the session, the header's places and
# the footer's accessibility status, the header and the footer.
AUTOUR = (
    SessionStore.cache_key_prefix,
    "tous-les-lieux:",
    "statut-accessibilite:",
    "template.cache.",
)


def test_a_warm_board_is_one_entry_of_the_cache_and_renders_none_of_its_parts(client, personnel):
    # Its alerts (one entry per provider), its counter and its sessions were read and
    # rendered at every hit around the cached sessions.
    remplir_la_journee(personnel, 1)
    client.force_login(personnel)
    for _ in range(3):
        client.get(URL)
    reponse, lues = lire_en_comptant(client)
    assert [cle.split(":")[0] for cle in lues if not cle.startswith(AUTOUR)] == ["journee"]
    assert {t.name for t in reponse.templates} == {
        "permanences/personnel/journee.html",
        "base.html",
    }
    html = reponse.content.decode()
    assert "1 message n&#x27;est pas parti." in html and "1 personne attend une place" in html
    assert "Convention pas encore signée" in html and "1 passage aujourd" in html


def test_a_kept_alert_leaves_the_board_at_the_minute_it_ends(client, personnel):
    debut = timezone.make_aware(dt.datetime(2026, 12, 3, 10))
    # The board stays an hour in the cache: its alert ends within it.
    with time_machine.travel(debut - dt.timedelta(minutes=30), tick=False):
        atelier = AtelierFactory(capacite=1, debut=debut, fin=debut + dt.timedelta(hours=1))
        InscriptionFactory(atelier=atelier)
        InscriptionFactory(atelier=atelier, statut=Inscription.Statut.EN_ATTENTE, position=1)
        client.force_login(personnel)
        for _ in range(3):
            assert "1 personne attend une place" in client.get(URL).content.decode()
    with time_machine.travel(debut - dt.timedelta(seconds=1), tick=False):
        reponse, lues = lire_en_comptant(client)
        assert "1 personne attend une place" in reponse.content.decode()
        assert not reponse.templates[2:]  # served from the cache
    with time_machine.travel(debut, tick=False):
        assert "attend une place" not in client.get(URL).content.decode()
        assert "attend une place" not in client.get(URL).content.decode()


def test_a_tap_shows_on_the_warm_board_at_once_with_its_message(client, personnel):
    client.force_login(personnel)
    for _ in range(3):
        assert "0 passages aujourd" in client.get(URL).content.decode()
    client.post(URL, {"accompagnement": Passage.Accompagnement.AUTONOMIE})
    html = client.get(URL).content.decode()
    assert "1 passage aujourd" in html and "Passage enregistré" in html
    assert 'l&#x27;ordinateur <span class="compteur">(1)</span>' in html
    # A tap without a kind changes nothing: the board comes from the cache, its message
    # with it, once.
    client.post(URL, {"accompagnement": "pas-un-type"})
    html = client.get(URL).content.decode()
    assert "Appuyez sur un des boutons" in html and "Passage enregistré" not in html
    assert "1 passage aujourd" in html
    assert "Appuyez sur un des boutons" not in client.get(URL).content.decode()
