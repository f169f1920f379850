"""The networks' files: France Services by operator, theme, outcome, month and place, and the
digital-mediation activity; their totals are the dashboard's for the same period."""

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse

from permanences.models import Demarche
from ruche.formats import PARIS
from ruche.models import DetailsMediation, Lieu, Operateur, Passage, ThemeOperateur
from ruche.periodes import Periode
from ruche.statistiques import demo
from ruche.statistiques.requetes import statistiques
from ruche.statistiques.reseau import (
    COLONNES_FRANCE_SERVICES,
    COLONNES_MEDIATION,
    lignes_france_services,
    lignes_mediation,
)
from tests.partenariats.factories import OrganisationFactory
from tests.ruche import activite
from tests.ruche.activite import ABSENTE, PRESENT, VENU

pytestmark = pytest.mark.django_db

ANNEE_2025 = Periode.annee(2025)


def lire_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    texte = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(texte), delimiter=";"))


def lignes_du_tableau(periode, cle):
    tableau = statistiques(periode).tableau(cle)
    return {str(r[0]): r[1] for r in tableau.rangees}


@pytest.fixture
def annee_de_demo(personnel):
    """A generated year of the visitor log, with an honoured appointment and a workshop of
    the association, and the 2023 report's totals."""
    association = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C")
    demo.charger_totaux_2023()
    demo.charger_journal(
        auteur=personnel,
        association=association,
        depuis=date(2025, 3, 1),
        jusqu_au=date(2025, 4, 30),
        par_jour=6,
    )
    retraite = activite.demarche()
    retraite.operateur = Operateur.objects.get(code="assurance_retraite")
    retraite.theme_operateur = ThemeOperateur.objects.get(
        operateur=retraite.operateur, code="releve_carriere"
    )
    retraite.save()
    occurrence = activite.occurrences(association, [date(2025, 3, 4)])[0]
    activite.rendez_vous(occurrence, [VENU, VENU], demarche=retraite)
    titre = activite.demarche(Demarche.Theme.TITRE_SEJOUR, "Titre de séjour")
    activite.rendez_vous(occurrence, [VENU], demarche=titre, apres=2)
    activite.atelier(association, date(2025, 4, 7), [PRESENT, PRESENT, ABSENTE])
    return association


def test_the_2023_figures_still_reproduce_exactly_with_948_not_broken_down(client_de, personnel):
    demo.charger_totaux_2023()
    rangees = lignes_france_services(Periode.annee(2023))
    assert sum(r["nombre"] for r in rangees) == 8123 == statistiques(Periode.annee(2023)).total
    # Typed before the operators existed: no operator, no theme, no outcome, never guessed.
    assert {(r["mois"], r["operateur_code"], r["theme_code"], r["issue"]) for r in rangees} == {
        ("2023", "non_renseigne", "non_renseigne", "non_renseigne")
    }
    reponse = client_de(personnel).get(
        reverse("statistiques:reseau_csv", args=["france-services"]), {"annee": 2023}
    )
    assert [int(r["nombre"]) for r in lire_csv(reponse)] == [8123]


def test_france_services_file_total_equals_the_dashboard_for_the_same_period(
    client_de, personnel, annee_de_demo
):
    client = client_de(personnel)
    for periode, requete in [
        (ANNEE_2025, {"annee": 2025}),
        (
            Periode(date(2025, 3, 10), date(2025, 4, 20)),
            {"debut": "2025-03-10", "fin": "2025-04-20"},
        ),
    ]:
        total = statistiques(periode).total
        assert total > 0
        reponse = client.get(reverse("statistiques:reseau_csv", args=["france-services"]), requete)
        rangees = lire_csv(reponse)
        assert sum(int(r["nombre"]) for r in rangees) == total
        # Operator by operator too: the file and the dashboard's operator table agree.
        par_operateur = {}
        for rangee in rangees:
            nom = rangee["operateur"]
            par_operateur[nom] = par_operateur.get(nom, 0) + int(rangee["nombre"])
        tableau = lignes_du_tableau(periode, "operateur")
        for operateur in Operateur.objects.all():
            assert par_operateur.get(operateur.nom, 0) == tableau[operateur.nom]
        reponse = client.get(reverse("statistiques:reseau_xlsx", args=["france-services"]), requete)
        feuille = openpyxl.load_workbook(io.BytesIO(reponse.content)).active
        lignes = list(feuille.iter_rows(values_only=True))
        assert lignes[0] == COLONNES_FRANCE_SERVICES
        assert sum(ligne[-1] for ligne in lignes[1:]) == total


def test_an_honoured_appointment_counts_under_its_demarches_operator_handled_on_the_spot(
    personnel, annee_de_demo
):
    rangees = [
        r
        for r in lignes_france_services(Periode(date(2025, 3, 1), date(2025, 3, 31)))
        if r["theme_code"] == "releve_carriere"
    ]
    au_guichet = Passage.objects.filter(
        theme_operateur__code="releve_carriere", quand__month=3, issue="sur_place"
    ).count()
    sur_place = [r for r in rangees if r["issue"] == "sur_place"]
    assert sum(r["nombre"] for r in sur_place) == au_guichet + 2
    assert {r["operateur_code"] for r in rangees} == {"assurance_retraite"}


def test_an_old_theme_that_names_no_operator_shows_as_unattached(personnel):
    Passage.objects.create(
        quand=datetime(2025, 3, 3, 10, tzinfo=PARIS),
        accompagnement="sans_rdv",
        theme=Passage.Theme.TITRE_SEJOUR,
        auteur=personnel,
    )
    (rangee,) = lignes_france_services(ANNEE_2025)
    assert rangee["operateur_code"] == "non_rattache"
    assert rangee["ancien_theme"] == "Titre de séjour"
    tableau = lignes_du_tableau(ANNEE_2025, "operateur")
    assert tableau["Non rattaché à un opérateur (ancien thème)"] == 1


def test_rows_are_by_month_place_operator_theme_and_outcome(personnel):
    caf = Operateur.objects.get(code="caf")
    logement = ThemeOperateur.objects.get(operateur=caf, code="aides_logement")
    for jour, issue, transmission in [
        (3, "sur_place", ""),
        (4, "sur_place", ""),
        (5, "transmis", "visio"),
    ]:
        Passage.objects.create(
            quand=datetime(2025, 3, jour, 10, tzinfo=PARIS),
            accompagnement="sans_rdv",
            operateur=caf,
            theme_operateur=logement,
            issue=issue,
            transmission=transmission,
            auteur=personnel,
        )
    lieu = Lieu.objects.get()
    assert lignes_france_services(ANNEE_2025) == [
        {
            "mois": "2025-03",
            "lieu_id": lieu.pk,
            "lieu": lieu.nom,
            "operateur_code": "caf",
            "operateur": "CAF",
            "theme_code": "aides_logement",
            "theme": "Aides au logement",
            "issue": "sur_place",
            "transmission": "",
            "ancien_theme": "",
            "nombre": 2,
        },
        {
            "mois": "2025-03",
            "lieu_id": lieu.pk,
            "lieu": lieu.nom,
            "operateur_code": "caf",
            "operateur": "CAF",
            "theme_code": "aides_logement",
            "theme": "Aides au logement",
            "issue": "transmis",
            "transmission": "visio",
            "ancien_theme": "",
            "nombre": 1,
        },
    ]


def test_mediation_file_counts_the_conseiller_the_desk_workshops_and_the_workshops(
    client_de, personnel, annee_de_demo
):
    reponse = client_de(personnel).get(
        reverse("statistiques:reseau_csv", args=["mediation-numerique"]), {"annee": 2025}
    )
    rangees = lire_csv(reponse)
    assert list(rangees[0]) == list(COLONNES_MEDIATION)
    accompagnements = lignes_du_tableau(ANNEE_2025, "accompagnement")
    attendu = accompagnements["Pris en charge par la CNFS"] + accompagnements["Atelier collectif"]
    assert sum(int(r["participants"]) for r in rangees) == attendu
    atelier = next(r for r in rangees if r["id"].startswith("atelier-"))
    assert (atelier["type"], atelier["participants"], atelier["duree"]) == ("collectif", "2", "120")
    # The demo's conseiller numérique visits carry the network's values, joined with "|".
    detaillees = [r for r in rangees if r["thematiques"]]
    assert detaillees
    for rangee in detaillees:
        assert rangee["type"] in {"individuel", "ponctuel"}
        assert all(t for t in rangee["thematiques"].split("|"))


def test_details_on_another_kind_of_visit_make_it_a_mediation_row(personnel):
    passage = Passage.objects.create(
        quand=datetime(2025, 3, 3, 10, tzinfo=PARIS), accompagnement="sans_rdv", auteur=personnel
    )
    DetailsMediation.objects.create(
        passage=passage,
        type="ponctuel",
        duree_minutes=10,
        thematiques=["email", "securite_numerique"],
        materiel=["telephone"],
        suite="oriente",
        structure_redirection="administration",
        tranche_age="soixante_dix_plus",
        commune="Bagnols-sur-Cèze",
    )
    (rangee,) = lignes_mediation(ANNEE_2025)
    assert rangee["id"] == f"passage-{passage.pk}" and rangee["date"] == "2025-03-03"
    assert rangee["thematiques"] == "email|securite_numerique"
    assert (rangee["oriente_vers_structure"], rangee["structure_de_redirection"]) == (
        "oui",
        "administration",
    )
    assert rangee["beneficiaire_genre"] == ""  # not given: never guessed


def test_network_files_follow_the_access_rule(client_de, comite, benevole, sans_role):
    url = reverse("statistiques:reseau_csv", args=["france-services"])
    assert client_de(comite).get(url).status_code == 200
    assert client_de(benevole).get(url).status_code == 403
    assert client_de(sans_role).get(url).status_code == 403
    inconnu = reverse("statistiques:reseau_csv", args=["inconnu"])
    assert client_de(comite).get(inconnu).status_code == 404
    assert client_de(comite).get(url, {"annee": "deux mille"}).status_code == 400


def test_another_places_visits_are_not_in_a_places_file(personnel):
    autre = Lieu.objects.create(nom="Ailleurs", slug="ailleurs")
    ici = Lieu.objects.exclude(pk=autre.pk).get()
    Passage.objects.create(
        quand=datetime(2025, 3, 3, 10, tzinfo=PARIS),
        accompagnement="cnfs",
        auteur=personnel,
        lieu=autre,
    )
    Passage.objects.create(
        quand=datetime(2025, 3, 3, 11, tzinfo=PARIS) + timedelta(minutes=1),
        accompagnement="cnfs",
        auteur=personnel,
        lieu=ici,
    )
    assert [r["lieu"] for r in lignes_france_services(ANNEE_2025, lieux=[ici.pk])] == [ici.nom]
    assert [r["lieu"] for r in lignes_mediation(ANNEE_2025, lieux=[ici.pk])] == [ici.nom]
