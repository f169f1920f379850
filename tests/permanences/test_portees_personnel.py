"""A write renews only the parts of the staff's and volunteers' pages that show it
(ruche.portees_personnel): two places, each with its staff member and a session held by its
own association. A visit typed renews its place's visitor counter and nothing else; a
booking, a cancellation, an attendance mark or a move the pages showing that place's or that
association's appointments; a workshop registration the day board of its place; the others
stay served from the cache (two queries: the session and the versions)."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from permanences.models import Occurrence, RendezVous, Salle
from permanences.services.ateliers import inscrire
from permanences.services.calendrier import annuler_occurrence
from permanences.services.disponibilites import prochains_creneaux
from permanences.services.rendezvous import (
    annuler_rendez_vous,
    marquer_presence,
    reserver_rendez_vous,
)
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from ruche.passages.services import enregistrer_passage
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    occurrence_pour,
    paris,
)
from tests.ruche.factories import (
    BenevoleFactory,
    PersonnelFactory,
    RepresentantFactory,
    TotalHistoriqueFactory,
)

pytestmark = pytest.mark.django_db

JOUR = dt.date(2026, 12, 3)
TABLEAU = "/espace/journee/"
SEMAINE = "/espace/?semaine=2026-W49"
JOUR_BENEVOLE = f"/espace/rendez-vous/{JOUR}/"
CHAUD = 1  # the versions (the session comes from the cache)


@pytest.fixture
def monde():
    # The morning of the sessions (the parts stay an hour in the cache: no travel further).
    with time_machine.travel(paris(2026, 12, 3, 8), tick=False):
        yield _monde()


def _monde():
    monde = {}
    for cle in ("a", "b"):
        lieu = (
            lieu_principal()
            if cle == "a"
            else Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont")
        )
        association = OrganisationFactory(
            nom=f"Association {cle}", sigle=f"A{cle.upper()}", en_convention=False
        )
        convention = ConventionFactory(
            lieu=lieu, debut=dt.date(2020, 1, 1), premiere_fin=dt.date(2020, 12, 31)
        )
        PartieFactory(convention=convention, organisation=association, ordre=1)
        demarche = DemarcheFactory(lieu=lieu, slug=f"retraite-{cle}")
        occurrence = occurrence_pour(
            demarche,
            jour=JOUR,
            debut=dt.time(9),
            fin=dt.time(18),
            organisation=association,
            salle=Salle.objects.create(nom=f"Salle {cle}", capacite=4, lieu=lieu),
        )
        agent = PersonnelFactory(username=f"agent_{cle}")
        agent.lieux.add(lieu)
        benevole = BenevoleFactory(organisation=association, username=f"benevole_{cle}")
        clients = {}
        for qui, personne in (("agent", agent), ("benevole", benevole)):
            clients[qui] = Client()
            clients[qui].force_login(personne)
        monde[cle] = {
            "lieu": lieu,
            "demarche": demarche,
            "occurrence": occurrence,
            "agent": agent,
            "pages": {
                "tableau": (clients["agent"], TABLEAU),
                "semaine": (clients["benevole"], SEMAINE),
                "jour": (clients["benevole"], JOUR_BENEVOLE),
            },
        }
    for cle in ("a", "b"):  # the CSRF cookie the parts are keyed by, then the parts
        for _ in range(2):
            lire(monde, cle)
    assert (
        lire(monde, "a") == lire(monde, "b") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    )
    return monde


def lire(monde, cle, pages=("tableau", "semaine", "jour")):
    """{page: queries} of the place's pages, and their text under `html`."""
    lues = {}
    for page in pages:
        client, url = monde[cle]["pages"][page]
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        assert reponse.status_code == 200
        lues[page] = len(requetes)
        monde[cle].setdefault("html", {})[page] = reponse.content.decode()
    return lues


def reserver(monde, cle, nom):
    occurrence, demarche = monde[cle]["occurrence"], monde[cle]["demarche"]
    libres = prochains_creneaux(
        demarche=demarche, guichet=True, occurrences=Occurrence.objects.filter(pk=occurrence.pk)
    )
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=libres[0].debut,
        nom=nom,
        telephone="0612345678",
        canal=RendezVous.Canal.TELEPHONE,
        par=monde[cle]["agent"],
    )


def test_a_visit_typed_renews_its_places_counter_and_nothing_else(monde):
    enregistrer_passage(auteur=monde["a"]["agent"], accompagnement="sans_rdv")
    # The counter counted again (one query); the sessions, workshops and alerts kept.
    assert lire(monde, "a") == {"tableau": CHAUD + 1, "semaine": CHAUD, "jour": CHAUD}
    assert ">1 passage aujourd" in monde["a"]["html"]["tableau"]
    # The other place's staff count their own place's visits, still none.
    assert lire(monde, "b") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    assert ">0 passages aujourd" in monde["b"]["html"]["tableau"]


def test_a_booking_renews_the_pages_of_its_place_and_association_only(monde):
    reserver(monde, "b", "Bintou Camara")
    assert lire(monde, "a") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    assert "Bintou Camara" not in monde["a"]["html"]["tableau"]
    froid = lire(monde, "b")
    assert all(froid[page] > CHAUD for page in froid)
    assert "Bintou Camara" in monde["b"]["html"]["tableau"]
    assert "Bintou Camara" in monde["b"]["html"]["jour"]
    assert lire(monde, "b") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)


def test_a_cancellation_and_an_attendance_mark_show_at_once_where_they_belong(monde):
    venue, annulee = reserver(monde, "a", "Awa Diallo"), reserver(monde, "a", "Inès Martin")
    lire(monde, "a")
    lire(monde, "b")
    annuler_rendez_vous(rendez_vous=annulee, par=monde["a"]["agent"])
    assert lire(monde, "b") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    assert lire(monde, "a", ["tableau"])["tableau"] > CHAUD
    assert "Annulé" in monde["a"]["html"]["tableau"].split("Inès Martin")[1][:300]
    marquer_presence(rendez_vous=venue, venu=True)  # the day of the session
    assert lire(monde, "b") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    assert lire(monde, "a", ["jour"])["jour"] > CHAUD
    assert "etiquette-ok" in monde["a"]["html"]["jour"]


def test_an_appointment_moved_to_another_place_leaves_the_first_one_at_once(monde):
    rdv = reserver(monde, "a", "Awa Diallo")
    lire(monde, "a")
    lire(monde, "b")
    assert "Awa Diallo" in monde["a"]["html"]["tableau"]
    rdv.occurrence = monde["b"]["occurrence"]  # as the back office's form saves it
    rdv.save()
    lire(monde, "a")
    lire(monde, "b")
    assert "Awa Diallo" not in monde["a"]["html"]["tableau"]
    assert "Awa Diallo" not in monde["a"]["html"]["jour"]
    assert "Awa Diallo" in monde["b"]["html"]["tableau"]
    assert "Awa Diallo" in monde["b"]["html"]["jour"]


def test_a_workshop_registration_renews_the_day_board_of_its_place_only(monde):
    ateliers = {}
    for cle in ("a", "b"):
        salle = monde[cle]["occurrence"].salle
        ateliers[cle] = AtelierFactory(
            titre=f"Atelier {cle}",
            organisation=monde[cle]["occurrence"].permanence.organisation,
            salle=salle,
            debut=paris(2026, 12, 3, 19),
            fin=paris(2026, 12, 3, 20),
            capacite=1,
        )
    lire(monde, "a")
    lire(monde, "b")
    assert lire(monde, "a") == lire(monde, "b") == dict.fromkeys(monde["a"]["pages"], CHAUD)
    # The second person waits: the board's waiting-list alert says so.
    inscrire(atelier=ateliers["b"], nom="Bintou Camara", telephone="0612345678")
    inscrire(atelier=ateliers["b"], nom="Inès Martin", telephone="0612345679")
    assert lire(monde, "a") == dict.fromkeys(("tableau", "semaine", "jour"), CHAUD)
    assert "1 inscrit" not in monde["a"]["html"]["tableau"]
    # The volunteers' week and day show no registration: kept.
    assert lire(monde, "b", ["semaine", "jour"]) == {"semaine": CHAUD, "jour": CHAUD}
    assert lire(monde, "b", ["tableau"])["tableau"] > CHAUD
    tableau = monde["b"]["html"]["tableau"]
    assert "1 inscrit · 1 en attente" in tableau
    assert "1 personne attend une place : Atelier b" in tableau
    assert lire(monde, "b", ["tableau"]) == {"tableau": CHAUD}


def test_a_warm_week_or_day_renders_none_of_its_parts_and_shows_them_all(monde):
    # The tabs, the navigation and the convention warnings are kept with the days: a warm
    # hit renders the base template only.
    for page, parties in (
        ("semaine", ["permanences/espace/_onglets.html", "partenariats/_fins_proches.html"]),
        ("jour", ["permanences/espace/_rendez_vous_jour.html"]),
    ):
        client, url = monde["a"]["pages"][page]
        reponse = client.get(url)
        rendus = {t.name for t in reponse.templates}
        assert not rendus & set(parties), rendus
        html = reponse.content.decode()
        assert ("Ajouter un rendez-vous" if page == "jour" else "Cette semaine") in html
        if page == "semaine":
            assert "Réserver une salle" in html and "Calendriers du semestre" in html


STATISTIQUES = "/statistiques/"


def statistiques(client):
    """(queries, text) of the statistics dashboard of the year."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(STATISTIQUES)
    assert reponse.status_code == 200
    return len(requetes), reponse.content.decode()


def chiffres(html, legende):
    """The figures of the table captioned `legende`, row after row."""
    tableau = html.split(f"<caption>{legende}</caption>")[1].split("</table>")[0]
    return re.findall(r'<td class="nombre"[^>]*>([^<]*)</td>', tableau)


def visiteurs(html):
    return int(re.search(r"<strong>(\d+)</strong> visiteurs", html)[1])


def test_the_statistics_of_a_place_change_with_each_of_its_figures_and_only_with_them(monde):
    # Every booking, cancellation or visit anywhere renewed every place's dashboard (the
    # data's version, then the visitor log's): both parts were computed again each time.
    staff = {cle: monde[cle]["pages"]["tableau"][0] for cle in "ab"}
    partenaire = Client()
    association_a = monde["a"]["occurrence"].permanence.organisation
    partenaire.force_login(RepresentantFactory(organisation=association_a))
    for client in (*staff.values(), partenaire):
        statistiques(client)
        statistiques(client)
    assert statistiques(staff["a"])[0] == statistiques(staff["b"])[0] == CHAUD

    # A booking: its place's appointments, not the other place's figures.
    reserver(monde, "b", "Bintou Camara")
    assert statistiques(staff["a"])[0] == CHAUD
    froid, html = statistiques(staff["b"])
    assert froid > CHAUD and chiffres(html, "Rendez-vous par démarche")[:2] == ["1", "0"]
    venue = reserver(monde, "a", "Awa Diallo")
    html = statistiques(staff["a"])[1]
    assert chiffres(html, "Rendez-vous par démarche")[:2] == ["1", "0"]
    assert chiffres(statistiques(partenaire)[1], "Rendez-vous par démarche")[:2] == ["1", "0"]
    # Marked came: a visitor of the place, handled by its association.
    marquer_presence(rendez_vous=venue, venu=True)
    assert statistiques(staff["b"])[0] == CHAUD
    html = statistiques(staff["a"])[1]
    assert visiteurs(html) == 1 and chiffres(html, "Rendez-vous par démarche")[:2] == ["1", "1"]
    assert visiteurs(statistiques(partenaire)[1]) == 1

    # A visit typed: its place's visitor tables; the sections are kept.
    enregistrer_passage(
        auteur=monde["b"]["agent"], accompagnement="sans_rdv", lieu=monde["b"]["lieu"]
    )
    assert statistiques(staff["a"])[0] == CHAUD
    assert visiteurs(statistiques(staff["b"])[1]) == 1
    enregistrer_passage(
        auteur=monde["a"]["agent"], accompagnement="sans_rdv", lieu=monde["a"]["lieu"]
    )
    assert visiteurs(statistiques(staff["a"])[1]) == 2
    # A historic total of the place's year.
    TotalHistoriqueFactory(lieu=monde["a"]["lieu"], annee=2026, nombre=10)
    assert visiteurs(statistiques(staff["a"])[1]) == 12

    # A workshop and a registration to it.
    atelier = AtelierFactory(
        organisation=association_a,
        salle=monde["a"]["occurrence"].salle,
        debut=paris(2026, 12, 3, 19),
        fin=paris(2026, 12, 3, 20),
        capacite=3,
    )
    statistiques(staff["b"])
    assert chiffres(statistiques(staff["a"])[1], "Ateliers collectifs") == ["1", "3", "0", "0"]
    inscrire(atelier=atelier, nom="Inès Martin", telephone="0612345679")
    assert statistiques(staff["b"])[0] == CHAUD
    assert chiffres(statistiques(staff["a"])[1], "Ateliers collectifs") == ["1", "3", "1", "0"]

    # A session announced as not held: the Article 2 sections.
    annuler_occurrence(occurrence=monde["a"]["occurrence"], motif="Malade", par=monde["a"]["agent"])
    assert chiffres(statistiques(staff["a"])[1], "Permanences non maintenues")[0] == "1"
