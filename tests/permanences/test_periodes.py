"""Weeks and months read from an address give the Ruche's one `Periode`, bounded in Paris time."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from permanences.periodes import PeriodeInvalide, lire_mois, lire_semaine, semaine_iso
from ruche.formats import PARIS
from ruche.periodes import Periode

AUJOURDHUI = date(2026, 11, 26)


def test_a_week_runs_monday_to_sunday():
    semaine = lire_semaine("2026-W48", AUJOURDHUI)
    assert semaine == Periode(date(2026, 11, 23), date(2026, 11, 29))
    assert lire_semaine("2026-11-26", AUJOURDHUI) == semaine
    assert lire_semaine("", AUJOURDHUI) == semaine
    assert semaine_iso(semaine.debut) == "2026-W48"


def test_a_month_ends_on_its_last_day():
    assert lire_mois("2024-02", AUJOURDHUI) == Periode(date(2024, 2, 1), date(2024, 2, 29))
    assert lire_mois("", AUJOURDHUI) == Periode(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize("saisie", ["2026-W54", "2026-13", "hier", "1900-01-01", "2026-02-30"])
def test_bad_input_is_refused_with_a_message(saisie):
    with pytest.raises(PeriodeInvalide):
        lire_mois(saisie, AUJOURDHUI) if len(saisie) == 7 else lire_semaine(saisie, AUJOURDHUI)


def test_bounds_are_paris_midnights_even_on_clock_change_days():
    octobre = Periode.mois_de(date(2026, 10, 25))
    debut, fin = octobre.bornes()
    assert debut == datetime(2026, 10, 1, tzinfo=PARIS)
    assert fin == datetime(2026, 11, 1, tzinfo=PARIS)
    assert len(octobre.jours()) == 31


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31)))
def test_week_and_month_hold_the_day(jour):
    for periode in (Periode.semaine_de(jour), Periode.mois_de(jour)):
        assert periode.debut <= jour <= periode.fin
        assert periode.jours()[0] == periode.debut and periode.jours()[-1] == periode.fin
    assert len(Periode.semaine_de(jour).jours()) == 7
