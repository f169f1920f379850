"""Statistics: totals reconcile, exports parse back, queries do not grow, the report says it all."""

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenariats import statistiques as stats_partenariats
from permanences import statistiques as stats_permanences
from ruche.formats import PARIS
from ruche.models import Operateur, Passage, TotalHistorique
from ruche.models.passage import Accompagnement, Theme
from ruche.periodes import Periode
from ruche.statistiques import demo, sections
from ruche.statistiques.requetes import statistiques
from tests.partenariats.factories import OrganisationFactory
from tests.ruche.aides import texte, verifier_totaux

pytestmark = pytest.mark.django_db


def passages(nombre, *, auteur, partenaire=None, debut=datetime(2024, 1, 1, 9, tzinfo=PARIS)):
    types = Accompagnement.values
    themes = ["", *Theme.values]
    Passage.objects.bulk_create(
        Passage(
            quand=debut + timedelta(hours=7 * i),
            accompagnement=types[i % len(types)],
            theme=themes[i % len(themes)],
            partenaire=partenaire if i % 3 == 0 else None,
            auteur=auteur,
        )
        for i in range(nombre)
    )


# --- Totals reconcile on generated data, for any period -------------------------------------

instants = st.datetimes(
    min_value=datetime(2022, 12, 25), max_value=datetime(2025, 1, 5), timezones=st.just(PARIS)
)


@st.composite
def totaux(draw):
    """Historic totals: per (year, kind) either one yearly total or some monthly ones."""
    lignes = []
    cles = draw(
        st.lists(
            st.tuples(st.sampled_from([2023, 2024]), st.sampled_from(["", *Accompagnement])),
            unique=True,
            max_size=5,
        )
    )
    for annee, accompagnement in cles:
        mois = draw(st.one_of(st.none(), st.sets(st.integers(1, 12), min_size=1, max_size=3)))
        for m in [None] if mois is None else sorted(mois):
            nombre = draw(st.integers(0, 9000))
            lignes.append((annee, m, str(accompagnement), nombre))
    return lignes


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    quand=st.lists(instants, max_size=30),
    historiques=totaux(),
    debut=st.dates(min_value=date(2023, 1, 1), max_value=date(2024, 12, 31)),
    duree=st.integers(0, 500),
)
def test_totals_reconcile_for_any_period(personnel, quand, historiques, debut, duree):
    Passage.objects.all().delete()
    TotalHistorique.objects.all().delete()
    partenaire = OrganisationFactory(nom="Association témoin")
    Passage.objects.bulk_create(
        Passage(
            quand=instant,
            accompagnement=Accompagnement.values[i % 7],
            theme=["", *Theme.values][i % 13],
            partenaire=partenaire if i % 2 else None,
            auteur=personnel,
        )
        for i, instant in enumerate(quand)
    )
    TotalHistorique.objects.bulk_create(
        TotalHistorique(annee=a, mois=m, accompagnement=acc, nombre=n, source="test")
        for a, m, acc, n in historiques
    )
    periode = Periode(debut, debut + timedelta(days=duree))

    def attendu(p):
        bas, haut = p.bornes()
        compte = sum(1 for instant in quand if bas <= instant < haut)
        for annee, mois, _, nombre in historiques:
            couvert = (
                annee in p.annees_entieres() if mois is None else (annee, mois) in p.mois_entiers()
            )
            compte += nombre if couvert else 0
        return compte

    verifier_totaux(periode, attendu)


# --- The 2023 figures and their "non ventilé" line -----------------------------------------


@pytest.fixture
def totaux_2023():
    demo.charger_totaux_2023()


def test_2023_report_figures_with_the_948_not_ventilated(totaux_2023):
    tableau = statistiques(Periode.annee(2023)).visiteurs[0]
    lignes = {rangee[0]: rangee[1] for rangee in tableau.rangees}
    assert lignes["Accompagnement individuel sans rendez-vous"] == 3855
    assert lignes["Non ventilé"] == 948
    assert tableau.total[1] == 8123
    assert sum(n for libelle, n in lignes.items() if libelle != "Non ventilé") == 7175


def test_a_yearly_total_does_not_count_in_part_of_the_year(totaux_2023):
    assert statistiques(Periode(date(2023, 1, 1), date(2023, 6, 30))).total == 0
    assert statistiques(Periode(date(2022, 12, 1), date(2024, 1, 31))).total == 8123


def test_historic_total_of_a_year_cannot_also_be_typed_by_month(totaux_2023):
    from django.core.exceptions import ValidationError

    doublon = TotalHistorique(annee=2023, mois=5, accompagnement="", nombre=10, source="x")
    with pytest.raises(ValidationError, match="deux fois"):
        doublon.full_clean()


# --- The dashboard --------------------------------------------------------------------------


def test_dashboard_shows_tables_charts_data_and_previous_year(client_de, personnel, totaux_2023):
    passages(50, auteur=personnel, partenaire=OrganisationFactory(sigle="A.V.A.Q.B-C"))
    response = client_de(personnel).get(reverse("statistiques:tableau_de_bord"), {"annee": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    for titre in [
        "par type d&#x27;accompagnement",
        "par opérateur France Services",
        "par partenaire",
        "par mois",
    ]:
        assert f"<caption>Visiteurs {titre}</caption>" in html
    assert '<th scope="col" class="nombre">2023</th>' in html
    assert '<th scope="row">Non ventilé</th>' in html
    assert '<script id="donnees-graphiques" type="application/json">' in html
    assert "<script>" not in html and "style=" not in html
    assert "Pas encore de données" in html  # association and workshops: not plugged in yet
    # Hashed names under the manifest storage, as in production.
    assert static("vendor/chartjs/chart.umd.min.js") in html
    assert static("js/statistiques.js") in html


def test_each_table_folds_under_its_title_the_first_one_open(client_de, comite):
    """A phone reads a list of titles to open, not 9,000 pixels of tables."""
    html = client_de(comite).get(reverse("statistiques:tableau_de_bord")).content.decode()
    plis = re.findall(r"<details class=\"section-stats\"( open)?>\s*<summary><h3 ", html)
    assert len(plis) >= 8
    assert plis[0] == " open" and not any(plis[1:])
    assert "<section" not in html.split("<h1")[1]


def test_the_committees_total_is_named_on_a_phone_card(client_de, comite):
    html = client_de(comite).get(reverse("statistiques:tableau_de_bord")).content.decode()
    tableau = html[html.index("<caption>Comités de suivi et temps de bilan</caption>") :]
    total = tableau[tableau.index("<tfoot>") : tableau.index("</tfoot>")]
    assert '<th scope="row">Comités tenus</th>' in total
    assert 'data-label="Nombre"' in total and 'data-label="État"' not in total
    assert "<td></td>" in total  # the empty cells, hidden on a card


@pytest.mark.parametrize(
    "params, message",
    [
        ({"debut": "2024-13-45", "fin": "2024-02-01"}, "Cette date n&#x27;est pas valable"),
        ({"debut": "2024-05-01"}, "Indiquez aussi le dernier jour"),
        ({"debut": "2024-05-01", "fin": "2024-04-01"}, "Le dernier jour vient avant le premier"),
        ({"debut": "1900-01-01", "fin": "1900-02-01"}, "au plus cinq ans"),
        ({"debut": "9999-12-01", "fin": "9999-12-31"}, "au plus cinq ans"),
        ({"annee": "deux mille"}, "Choisissez une année dans la liste"),
        ({"annee": "1999"}, "Choisissez une année dans la liste"),
    ],
)
def test_bad_dates_get_a_french_message(client_de, comite, params, message):
    for nom in ("tableau_de_bord",):
        response = client_de(comite).get(reverse(f"statistiques:{nom}"), params)
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client_de(comite).get(reverse("statistiques:csv", args=["mois"]), params)
    assert response.status_code == 400


def test_a_date_range_is_compared_with_the_same_days_a_year_before(client_de, personnel):
    passages(30, auteur=personnel)
    response = client_de(personnel).get(
        reverse("statistiques:tableau_de_bord"), {"debut": "2024-01-01", "fin": "2024-01-05"}
    )
    html = response.content.decode()
    assert "Du 1er janvier 2024 au 5 janvier 2024" in html
    assert "01/01/2023 – 05/01/2023" in html


def test_providers_fill_the_association_and_workshop_sections(client_de, comite, monkeypatch):
    activite = stats_permanences.ActiviteAssociation(
        permanences=[stats_permanences.PermanencesPartenaire("A.V.A.Q.B-C", 40, 36, 4)],
        rendez_vous=[stats_permanences.RendezVousParDemarche("Retraite", 120, 90, 10, 10)],
    )
    bilan = stats_permanences.BilanAteliers(
        [stats_permanences.AteliersPartenaire("A.V.A.Q.B-C", 8, 96, 80, 71)]
    )
    for cle, contenu in (("association", activite), ("ateliers", bilan)):
        section = replace(sections.SECTIONS[cle], fournir=lambda periode, c=contenu, **_: c)
        monkeypatch.setitem(sections.SECTIONS, cle, section)
    client = client_de(comite)
    html = client.get(reverse("statistiques:tableau_de_bord")).content.decode()
    assert "Pas encore de données" not in html
    assert "<caption>Rendez-vous par démarche</caption>" in html
    assert 'data-label="Taux d&#x27;absence (%)">10,0</td>' in html  # no-show: 10 / (90 + 10)
    fichier = client.get(reverse("statistiques:csv", args=["rendez_vous"]))
    rangees = list(csv.reader(io.StringIO(fichier.content.decode("utf-8-sig")), delimiter=";"))
    assert rangees[1] == ["Retraite", "120", "90", "10", "10", "10.0"]


# --- Exports --------------------------------------------------------------------------------


def test_csv_export_parses_back_with_the_same_figures(client_de, comite, totaux_2023):
    response = client_de(comite).get(
        reverse("statistiques:csv", args=["accompagnement"]), {"annee": 2023}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rangees = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rangees[0] == ["Type d'accompagnement", "2023", "2022"]
    assert ["Non ventilé", "948", "0"] in rangees
    assert rangees[-1] == ["Total", "8123", "0"]
    assert sum(int(r[1]) for r in rangees[1:-1]) == 8123


def test_xlsx_export_of_every_table_parses_back(client_de, personnel, totaux_2023):
    client = client_de(personnel)
    response = client.get(reverse("statistiques:xlsx", args=["tout"]), {"annee": 2023})
    classeur = openpyxl.load_workbook(io.BytesIO(response.content))
    # The four visitor tables, then the sections' (Article 2 commitments included).
    assert len(classeur.sheetnames) == 8
    for feuille in classeur.worksheets[:4]:
        rangees = list(feuille.iter_rows(values_only=True))
        assert rangees[-1][0] == "Total" and rangees[-1][1] == 8123
        assert sum(r[1] for r in rangees[1:-1]) == 8123
    seul = client.get(reverse("statistiques:xlsx", args=["operateur"]), {"annee": 2023})
    assert openpyxl.load_workbook(io.BytesIO(seul.content)).sheetnames == [
        "Visiteurs par opérateur France"
    ]


def test_unknown_table_is_a_404(client_de, personnel):
    client = client_de(personnel)
    assert client.get(reverse("statistiques:csv", args=["inconnu"])).status_code == 404
    assert client.get(reverse("statistiques:csv", args=["tout"])).status_code == 404
    assert client.get("/statistiques/1999/rapport.pdf").status_code == 404
    assert client.get("/statistiques/abc/rapport.pdf").status_code == 404


# --- Queries do not grow with the rows ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/statistiques/?annee=2024",
        "/statistiques/export/tout.xlsx?annee=2024",
        "/statistiques/2024/rapport.pdf",
        "/passages/?jour=2024-01-02",
    ],
)
def test_query_count_does_not_depend_on_the_number_of_visits(
    client_de, personnel, totaux_2023, url, django_assert_num_queries
):
    """Measured just after visits are typed (cold) and then again (warm)."""
    partenaire = OrganisationFactory(sigle="A.V.A.Q.B-C")
    client = client_de(personnel)
    # The account is kept by the process from the first page on (ruche.comptes), and visits
    # do not change it, and so is the session from the third (ruche.sessions): the counts
    # below are those of every later page.
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    passages(10, auteur=personnel, partenaire=partenaire)
    with CaptureQueriesContext(connection) as froid:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as chaud:
        assert client.get(url).status_code == 200
    passages(1000, auteur=personnel, partenaire=partenaire)
    with django_assert_num_queries(len(froid)):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(chaud)):
        assert client.get(url).status_code == 200


# --- The committee's report -----------------------------------------------------------------


def test_report_has_the_2023_figures_with_the_948(client_de, comite, totaux_2023):
    response = client_de(comite).get(reverse("statistiques:rapport", args=[2023]))
    assert response["Content-Type"] == "application/pdf"
    contenu = texte(response.content)
    assert "Rapport annuel 2023 au comité de suivi" in contenu
    assert "du 1er janvier 2023 au 31 décembre 2023" in contenu
    assert "a accueilli 8 123 visiteurs" in contenu
    for ligne in [
        "Accompagnement individuel sans rendez-vous 3 855",
        "Accompagnement individuel avec rendez-vous 565",
        "Accès en autonomie à l'ordinateur 1 394",
        "Pris en charge par un partenaire 619",
        "Pris en charge par la CNFS 742",
        "Non ventilé 948",
        "Total 8 123",
    ]:
        assert ligne in contenu
    # No convention that year: no renewal to decide; no visitor figure the year before.
    assert "Aucune convention ne s'applique en 2023 : il n'y a pas de reconduction" in contenu
    assert "nouvelle période" not in contenu
    assert "(pas de données en 2022)" in contenu
    assert contenu.count("Pas encore de données") == 3


def test_next_year_report_shows_2023_beside(client_de, personnel, totaux_2023, monkeypatch):
    etat = stats_partenariats.EtatConvention(
        titre="Convention de partenariat — La Ruche numérique",
        periode_debut=date(2024, 1, 1),
        periode_fin=date(2024, 12, 31),
        en_vigueur=True,
        prochaine_periode_debut=date(2025, 1, 1),
        prochaine_periode_fin=date(2025, 12, 31),
        avenants=[stats_partenariats.Evenement(date(2024, 6, 1), "Ajout d'un créneau le jeudi")],
    )
    monkeypatch.setattr(sections, "ETATS_CONVENTION", [lambda annee, **_: etat])
    passages(20, auteur=personnel)
    contenu = texte(client_de(personnel).get("/statistiques/2024/rapport.pdf").content)
    assert "a accueilli 20 visiteurs (8 123 en 2023)" in contenu
    assert "Non ventilé 0 948" in contenu
    assert "La convention est en vigueur" in contenu
    assert "Ajout d'un créneau le jeudi" in contenu
    assert "Aucun manquement notifié" in contenu
    assert contenu.count("Pas encore de données") == 2


# --- The monthly counts never show stale figures --------------------------------------------


def test_monthly_counts_are_read_and_follow_every_change(personnel):
    from ruche.passages.services import corriger_passage, supprimer_passage

    mars = Periode(date(2024, 3, 1), date(2024, 3, 31))
    passages(10, auteur=personnel, debut=datetime(2024, 3, 1, 9, tzinfo=PARIS))
    assert statistiques(mars).total == 10
    with CaptureQueriesContext(connection) as requetes:
        assert statistiques(mars).total == 10
    assert not any("ruche_passage" in q["sql"] for q in requetes.captured_queries)

    passage = enregistrer(personnel, datetime(2024, 3, 15, 10, tzinfo=PARIS))
    assert statistiques(mars).total == 11
    corriger_passage(passage=passage, par=personnel, motif="erreur", accompagnement="cnfs")
    lignes = {r[0]: r[1] for r in statistiques(mars).visiteurs[0].rangees}
    assert lignes["Pris en charge par la CNFS"] == 2  # 1 generated + the corrected one
    supprimer_passage(passage=passage, par=personnel, motif="doublon")
    assert statistiques(mars).total == 10
    caf = Operateur.objects.get(code="caf")
    Passage.objects.filter(quand__lt=datetime(2024, 3, 2, tzinfo=PARIS)).update(operateur=caf)
    assert {r[0]: r[1] for r in statistiques(mars).visiteurs[1].rangees}["CAF"] == 3
    Passage.objects.all().delete()
    assert statistiques(mars).total == 0


def enregistrer(auteur, quand):
    from ruche.passages.services import enregistrer_passage

    return enregistrer_passage(auteur=auteur, accompagnement="sans_rdv", quand=quand)


def test_the_demo_log_of_visits_does_not_query_per_visit(personnel):
    """Each generated visit asked the database for the default place: the demo (two years
    and more of visits, some 25,000) spent most of its time there."""
    association = OrganisationFactory()
    with CaptureQueriesContext(connection) as requetes:
        nombre = demo.charger_journal(
            auteur=personnel, association=association, jusqu_au=date(2024, 3, 31)
        )
    assert nombre > 1000
    assert len(requetes) < 20, len(requetes)
