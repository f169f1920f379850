"""Two places with rooms of the same names and the same partner association, with activity in
each: the staff of place A find nothing of place B in their day board, calendars, room
occupancy, statistics (page, CSV, XLSX, annual report PDF), calendar feeds and printouts.

Every name of B's activity carries "Bêta" and A's "Alpha", so a leak shows as a word. The
world is built once for the module; each PDF is rendered once."""

import io
from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from permanences.models import Calendrier, JetonCalendrier, Salle
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.partage import une_fois_par_module
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.pdf import pdf_text
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    FermetureFactory,
    RendezVousFactory,
    occurrence_pour,
)
from tests.ruche.factories import BenevoleFactory, PassageFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

NOMS = {"a": "Alpha", "b": "Bêta"}
# The number of visits typed at each place this year, and of sessions held there.
PASSAGES = {"a": 3, "b": 7}
SEANCES = {"a": 1, "b": 2}


def _lieu(cle):
    if cle == "a":
        lieu = lieu_principal()
        lieu.nom = "Lieu Alpha"
        lieu.save()
        return lieu
    return Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")


def _monde():
    ville = RucheFactory(nom="Agglomération du Gard rhodanien")
    partenaire = OrganisationFactory(nom="Association des quartiers", sigle="AQ")
    benevole = BenevoleFactory(organisation=partenaire, username="benevole_aq")
    aujourdhui = timezone.localdate()
    monde = {"partenaire": partenaire, "benevole": benevole, "jour": aujourdhui}
    for cle, nom in NOMS.items():
        lieu = _lieu(cle)
        lieu.organisation = ville
        lieu.save()
        convention = ConventionFactory(lieu=lieu, titre=f"Convention {nom}")
        PartieFactory(convention=convention, organisation=partenaire, ordre=1)
        PartieFactory(convention=convention, organisation=ville, ordre=2, role="Commune")
        # The same room names at both places.
        salle = Salle.objects.create(nom="Salle Cèze", capacite=8, lieu=lieu)
        Salle.objects.create(nom="Bureau 1", capacite=2, lieu=lieu)
        demarche = DemarcheFactory(lieu=lieu, nom=f"Démarche {nom}", slug=f"demarche-{cle}")
        calendrier = Calendrier.objects.create(
            lieu=lieu, organisation=partenaire, annee=aujourdhui.year, semestre=1
        )
        occurrences = [
            occurrence_pour(
                demarche,
                jour=aujourdhui + timedelta(days=decalage),
                debut=time(0, 0),
                fin=time(23, 0),
                calendrier=calendrier,
                salle=salle,
            )
            for decalage in range(SEANCES[cle])
        ]
        rdv = RendezVousFactory(
            occurrence=occurrences[0], demarche=demarche, nom=f"Habitant {nom}", email=""
        )
        atelier = AtelierFactory(
            titre=f"Atelier {nom}",
            organisation=partenaire,
            salle=salle,
            debut=timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
            + timedelta(days=3),
        )
        FermetureFactory(
            lieu=lieu,
            debut=aujourdhui + timedelta(days=2),
            fin=aujourdhui + timedelta(days=2),
            motif=f"Fermeture {nom}",
        )
        agent = PersonnelFactory(username=f"agent_{cle}", organisation=ville)
        agent.lieux.add(lieu)
        # B's visits name a partner of their own: a leak shows in the partners' table.
        autre = OrganisationFactory(
            nom=f"Partenaire {nom}", sigle=f"Partenaire {nom}", en_convention=False
        )
        for _ in range(PASSAGES[cle]):
            PassageFactory(lieu=lieu, auteur=agent, partenaire=autre)
        monde[cle] = {
            "lieu": lieu,
            "agent": agent,
            "salles": set(Salle.objects.filter(lieu=lieu).values_list("pk", flat=True)),
            "occurrence": occurrences[0],
            "rdv": rdv,
            "atelier": atelier,
            "convention": convention,
            "jeton": JetonCalendrier.objects.create(utilisateur=agent),
        }
    return monde


@pytest.fixture(scope="module")
def monde_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    with une_fois_par_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _monde()


@pytest.fixture
def monde(monde_du_module, db):
    cache.clear()
    yield monde_du_module
    cache.clear()


def _sans_beta(texte, ou):
    """Nothing of B in `texte`: no word of its names (Bêta, with or without its accent)."""
    for mot in ("Bêta", "Beta", "beta"):
        assert mot not in texte, f"{ou} : « {mot} » de B dans la page de A"


@pytest.fixture
def client_a(client, monde):
    client.force_login(monde["a"]["agent"])
    return client


def test_the_staff_s_pages_show_their_place_only(client_a, monde):
    jour = monde["jour"]
    pages = {
        "tableau du jour": reverse("permanences:journee"),
        "semaine": reverse("permanences:semaine") + f"?semaine={jour.isoformat()}",
        "mois": reverse("permanences:mois") + f"?mois={jour:%Y-%m}",
        "jour": reverse("permanences:jour", args=[jour]),
        "jour suivant": reverse("permanences:jour", args=[jour + timedelta(days=1)]),
        "atelier": reverse("permanences:jour", args=[jour + timedelta(days=3)]),
        "fermeture": reverse("permanences:jour", args=[jour + timedelta(days=2)]),
        "rendez-vous du jour": reverse("permanences:espace_rendez_vous_aujourdhui"),
        "occupation": reverse("permanences:occupation") + f"?semaine={jour.isoformat()}",
        "conventions": reverse("partenariats:liste"),
        "passages": reverse("passages:journal"),
    }
    vus = set()
    for ou, adresse in pages.items():
        reponse = client_a.get(adresse)
        assert reponse.status_code == 200, ou
        texte = reponse.content.decode()
        _sans_beta(texte, ou)
        vus |= {
            mot for mot in ("Démarche Alpha", "Fermeture Alpha", "Atelier Alpha") if mot in texte
        }
        if ou == "occupation":
            salles = {ligne["salle"].pk for ligne in reponse.context["lignes"]}
            assert salles == monde["a"]["salles"]
    # A's own activity is on these pages: the test would pass on empty pages otherwise.
    assert vus == {"Démarche Alpha", "Fermeture Alpha"}


def test_the_statistics_page_and_exports_count_their_place_only(client_a, monde):
    tableau = client_a.get(reverse("statistiques:tableau_de_bord"))
    texte = tableau.content.decode()
    _sans_beta(texte, "statistiques")
    assert "Partenaire Alpha" in texte and "Démarche Alpha" in texte
    for cle in ("accompagnement", "partenaire", "permanences", "rendez_vous", "ateliers"):
        reponse = client_a.get(reverse("statistiques:csv", args=[cle]))
        assert reponse.status_code == 200, cle
        _sans_beta(reponse.content.decode("utf-8-sig"), f"CSV {cle}")
    lignes = client_a.get(reverse("statistiques:csv", args=["permanences"]))
    lignes = lignes.content.decode("utf-8-sig").splitlines()
    assert any(ligne.startswith(f"AQ;{SEANCES['a']};") for ligne in lignes), lignes
    total = client_a.get(reverse("statistiques:csv", args=["accompagnement"]))
    assert total.content.decode("utf-8-sig").splitlines()[-1].split(";")[1] == str(PASSAGES["a"])
    classeur = load_workbook(
        io.BytesIO(client_a.get(reverse("statistiques:xlsx", args=["tout"])).content)
    )
    cellules = " ".join(
        str(valeur)
        for feuille in classeur.worksheets
        for rangee in feuille.iter_rows(values_only=True)
        for valeur in rangee
        if valeur is not None
    )
    _sans_beta(cellules, "XLSX")
    assert "Partenaire Alpha" in cellules


def test_the_annual_report_of_a_place_holds_that_place_only(client_a, monde):
    annee = monde["jour"].year
    reponse = client_a.get(reverse("statistiques:rapport", args=[annee]))
    assert reponse.status_code == 200
    texte = " ".join(" ".join(pdf_text(reponse.content)).split())
    _sans_beta(texte, "rapport annuel")
    assert "Partenaire Alpha" in texte and "Démarche Alpha" in texte
    # The report speaks of its place by its name, not of the first install's.
    assert "Lieu Alpha et" in texte and "En " + str(annee) + ", Lieu Alpha a accueilli" in texte
    assert "la Ruche numérique a accueilli" not in texte


def test_the_session_sheet_of_a_place_holds_its_appointments_only(client_a, monde):
    feuille = client_a.get(reverse("permanences:feuille", args=[monde["a"]["occurrence"].pk]))
    assert feuille.status_code == 200
    texte = " ".join(" ".join(pdf_text(feuille.content)).split())  # the PDF wraps cells
    _sans_beta(texte, "feuille de séance")
    # Rooms share their names: the sheet names the place.
    assert "Habitant Alpha" in texte and "Lieu Lieu Alpha" in texte
    b = reverse("permanences:feuille", args=[monde["b"]["occurrence"].pk])
    assert client_a.get(b).status_code == 404


def test_calendar_feeds_name_their_place_only(client, monde):
    a = monde["a"]
    flux = client.get(reverse("permanences:agenda_ics", args=[a["jeton"].cle]))
    texte = flux.content.decode().replace("\r\n ", "")
    _sans_beta(texte, "agenda ICS du personnel")
    assert f"seance-{a['occurrence'].pk}@" in texte and "Lieu Alpha" in texte
    for cle, autre in (("a", "Bêta"), ("b", "Alpha")):
        rdv = monde[cle]["rdv"]
        ics = client.get(reverse("permanences:agenda_rendez_vous", args=[rdv.secret]))
        texte = ics.content.decode().replace("\r\n ", "")
        assert f"Lieu {NOMS[cle]}" in texte and f"Lieu {autre}" not in texte, cle


def test_the_partner_s_volunteer_sees_both_places(client, monde):
    """The same association at both places: its volunteers see their sessions at each, and
    each place's own closure."""
    client.force_login(monde["benevole"])
    jour = monde["jour"]
    semaine = client.get(reverse("permanences:semaine"), {"semaine": jour.isoformat()})
    texte = semaine.content.decode()
    assert "Démarche Alpha" in texte and "Démarche Bêta" in texte
    fermeture = client.get(reverse("permanences:jour", args=[jour + timedelta(days=2)]))
    assert "Fermeture Alpha" in fermeture.content.decode()


def test_a_place_s_public_pages_offer_its_own_activity_only(client, monde):
    """Residents at place A's pages (under its slug, the install having two places): A's
    démarche, slots and workshop, nothing of B's, whose rooms have the same names."""
    a, b = monde["a"], monde["b"]
    base = f"/{a['lieu'].slug}/"
    vus = ""
    for adresse in (
        base,
        f"{base}rendez-vous/",
        f"{base}rendez-vous/{a['rdv'].demarche.slug}/",
        f"{base}ateliers/",
        f"{base}ateliers/{a['atelier'].pk}/",
    ):
        reponse = client.get(adresse)
        assert reponse.status_code == 200, adresse
        texte = reponse.content.decode()
        for mot in ("Démarche Bêta", "Atelier Bêta", "Fermeture Bêta", "Habitant Bêta"):
            assert mot not in texte, adresse
        vus += texte
    assert "Démarche Alpha" in vus and "Atelier Alpha" in vus
    # B's objects are not reachable under A's address.
    for adresse in (
        f"{base}rendez-vous/{b['rdv'].demarche.slug}/",
        f"{base}ateliers/{b['atelier'].pk}/",
    ):
        assert client.get(adresse).status_code == 404, adresse
