"""Pure date logic of the statistics' periods, and the tables built from aggregated rows."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ruche.formats import date_longue
from ruche.models.passage import Accompagnement, Theme
from ruche.periodes import Periode, fin_de_mois, un_an_avant
from ruche.statistiques.sources import Ligne
from ruche.statistiques.tableaux import tableaux_visiteurs

jours = st.dates(min_value=date(2021, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def periodes(draw):
    debut = draw(jours)
    return Periode(debut, debut + timedelta(days=draw(st.integers(0, 800))))


def test_one_year_earlier_and_leap_days():
    assert un_an_avant(date(2025, 3, 1)) == date(2024, 3, 1)
    assert un_an_avant(date(2024, 2, 29)) == date(2023, 2, 28)
    assert fin_de_mois(2024, 2) == date(2024, 2, 29)
    assert fin_de_mois(2025, 12) == date(2025, 12, 31)
    assert date_longue(date(2024, 1, 1)) == "1er janvier 2024"
    assert date_longue(date(2024, 12, 31)) == "31 décembre 2024"


def test_a_year():
    annee = Periode.annee(2024)
    assert annee.est_une_annee and annee.libelle == "Année 2024" and annee.entete == "2024"
    assert annee.precedente() == Periode.annee(2023)
    assert annee.annees_entieres() == [2024]
    assert len(annee.mois_entiers()) == 12
    debut, fin = annee.bornes()
    assert debut.isoformat() == "2024-01-01T00:00:00+01:00"
    assert fin.isoformat() == "2025-01-01T00:00:00+01:00"


def test_a_range_covers_only_its_whole_months():
    periode = Periode(date(2024, 3, 15), date(2024, 6, 30))
    assert periode.mois() == [date(2024, m, 1) for m in (3, 4, 5, 6)]
    assert periode.mois_entiers() == [(2024, 4), (2024, 5), (2024, 6)]
    assert periode.annees_entieres() == []
    assert periode.libelle == "Du 15 mars 2024 au 30 juin 2024"


@given(periodes())
def test_period_properties(periode):
    mois = periode.mois()
    assert mois[0] <= periode.debut <= periode.fin
    assert mois == sorted(set(mois))
    for annee, m in periode.mois_entiers():
        assert periode.debut <= date(annee, m, 1) and fin_de_mois(annee, m) <= periode.fin
    for annee in periode.annees_entieres():
        assert (annee, 1) in periode.mois_entiers() and (annee, 12) in periode.mois_entiers()
    precedente = periode.precedente()
    assert precedente.debut.year == periode.debut.year - 1
    assert abs((precedente.fin - precedente.debut) - (periode.fin - periode.debut)) <= timedelta(1)


@st.composite
def lignes_de(draw, periode):
    mois = st.one_of(st.none(), st.sampled_from(periode.mois()))
    return draw(
        st.lists(
            st.builds(
                Ligne,
                mois=mois,
                accompagnement=st.sampled_from(["", *Accompagnement.values]),
                theme=st.sampled_from(["", *Theme.values]),
                partenaire_id=st.sampled_from([None, 1, 2]),
                nombre=st.integers(0, 5000),
                operateur_id=st.sampled_from([None, 1, 2, 3]),
            ),
            max_size=40,
        )
    )


@given(st.data())
def test_every_table_reconciles_with_the_grand_total(data):
    periode = data.draw(periodes())
    lignes = data.draw(lignes_de(periode))
    precedentes = data.draw(lignes_de(periode.precedente()))
    # Operator 2 is retired, operator 3 unknown to the list: both keep a line of their own.
    operateurs = [(1, "CAF", True), (2, "MSA", False)]
    tableaux = tableaux_visiteurs(
        periode, lignes, precedentes, {1: "A.V.A.Q.B-C", 2: "CAF"}, operateurs
    )
    total = sum(ligne.nombre for ligne in lignes)
    total_precedent = sum(ligne.nombre for ligne in precedentes)
    for tableau in tableaux:
        # The parts, "non ventilé" / "non précisé" lines included, add up to the total.
        assert sum(rangee[1] for rangee in tableau.rangees) == tableau.total[1] == total
        assert sum(rangee[2] for rangee in tableau.rangees) == tableau.total[2] == total_precedent
    accompagnement = tableaux[0]
    assert accompagnement.rangees[-1][0] == "Non ventilé"
    assert accompagnement.rangees[-1][1] == sum(
        ligne.nombre for ligne in lignes if ligne.accompagnement == ""
    )
