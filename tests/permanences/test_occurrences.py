"""The pure session generator, over many semesters: holidays, closures, clock changes."""

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permanences.occurrences import (
    PermanenceHebdomadaire,
    heure_de_paris,
    jours_feries,
    occurrences_prevues,
    prochains_creneaux_libres,
)
from ruche.formats import PARIS

D = dt.date
T = dt.time


def semestre(annee, numero):
    if numero == 1:
        return D(annee, 1, 1), D(annee, 6, 30)
    return D(annee, 7, 1), D(annee, 12, 31)


def dates(occurrences):
    return [s.date for s in occurrences]


NEUF_HEURES, MIDI = T(9), T(12)


def chaque_jour(heure_debut=NEUF_HEURES, heure_fin=MIDI):
    return [PermanenceHebdomadaire(jour, heure_debut, heure_fin, cle=jour) for jour in range(7)]


SEMESTRES = [(annee, numero) for annee in range(2024, 2036) for numero in (1, 2)]


@pytest.mark.parametrize(("annee", "numero"), SEMESTRES)
def test_every_public_holiday_is_skipped_and_every_other_day_kept(annee, numero):
    debut, fin = semestre(annee, numero)
    occurrences = occurrences_prevues(debut=debut, fin=fin, permanences=chaque_jour())
    feries = holidays.France(years=annee)
    expected = [
        debut + dt.timedelta(days=n)
        for n in range((fin - debut).days + 1)
        if debut + dt.timedelta(days=n) not in feries
    ]
    assert dates(occurrences) == expected


@pytest.mark.parametrize(
    ("jour", "nom"),
    [
        (D(2026, 4, 6), "Lundi de Pâques"),
        (D(2027, 3, 29), "Lundi de Pâques"),
        (D(2026, 5, 14), "Ascension"),
        (D(2027, 5, 6), "Ascension"),
        (D(2026, 5, 25), "Lundi de Pentecôte"),
        (D(2027, 5, 17), "Lundi de Pentecôte"),
        (D(2026, 7, 14), "Fête nationale"),
        (D(2027, 8, 15), "Assomption"),
        (D(2026, 11, 1), "Toussaint"),
        (D(2026, 11, 11), "Armistice"),
        (D(2026, 12, 25), "Noël"),
        (D(2027, 1, 1), "Jour de l'an"),
        (D(2026, 5, 1), "Fête du Travail"),
        (D(2026, 5, 8), "Fête de la Victoire"),
    ],
)
def test_named_holidays_have_no_session(jour, nom):
    assert jours_feries(jour, jour) == {jour: nom}
    permanence = PermanenceHebdomadaire(jour.weekday(), T(9), T(12))
    week = occurrences_prevues(
        debut=jour - dt.timedelta(days=7), fin=jour + dt.timedelta(days=7), permanences=[permanence]
    )
    assert jour not in dates(week)
    # The same weekday before and after is kept, unless it is a holiday too (25/12 and 1/1).
    neighbours = [jour - dt.timedelta(days=7), jour + dt.timedelta(days=7)]
    assert dates(week) == [
        day for day in neighbours if day not in holidays.France(years=[2026, 2027])
    ]


def test_the_2026_second_semester_tuesdays_and_thursdays():
    occurrences = occurrences_prevues(
        debut=D(2026, 7, 1),
        fin=D(2026, 12, 31),
        permanences=[
            PermanenceHebdomadaire(1, T(9), T(12), "retraite"),
            PermanenceHebdomadaire(3, T(14), T(17), "sejour"),
        ],
        fermetures=[(D(2026, 12, 24), D(2027, 1, 2))],
    )
    tuesdays = [s.date for s in occurrences if s.permanence.cle == "retraite"]
    thursdays = [s.date for s in occurrences if s.permanence.cle == "sejour"]
    assert D(2026, 7, 14) not in tuesdays  # Fête nationale, a Tuesday
    assert D(2026, 12, 29) not in tuesdays  # year-end closure
    assert D(2026, 12, 24) not in thursdays and D(2026, 12, 31) not in thursdays
    assert tuesdays[-1] == D(2026, 12, 22)
    # 26 Tuesdays less 14 July and 29 December; 27 Thursdays less 24 and 31 December.
    assert len(tuesdays) == 24 and len(thursdays) == 25
    assert occurrences == sorted(occurrences, key=lambda s: s.debut)


def test_a_closure_across_a_month_end_blocks_every_day_of_it():
    occurrences = occurrences_prevues(
        debut=D(2027, 1, 1),
        fin=D(2027, 6, 30),
        permanences=chaque_jour(),
        fermetures=[(D(2027, 2, 26), D(2027, 3, 3))],
    )
    days = dates(occurrences)
    for closed in [D(2027, 2, 26), D(2027, 2, 27), D(2027, 2, 28), D(2027, 3, 1), D(2027, 3, 3)]:
        assert closed not in days
    assert D(2027, 2, 25) in days and D(2027, 3, 4) in days


def test_a_closure_outside_the_semester_changes_nothing():
    args = {"debut": D(2027, 1, 1), "fin": D(2027, 6, 30), "permanences": chaque_jour()}
    assert occurrences_prevues(**args) == occurrences_prevues(
        **args, fermetures=[(D(2026, 12, 24), D(2026, 12, 31)), (D(2027, 7, 1), D(2027, 7, 3))]
    )


@pytest.mark.parametrize(
    "dimanche_du_changement",
    [D(2026, 3, 29), D(2026, 10, 25), D(2027, 3, 28), D(2027, 10, 31), D(2030, 3, 31)],
)
def test_clock_changes_keep_local_hours(dimanche_du_changement):
    occurrences = occurrences_prevues(
        debut=dimanche_du_changement - dt.timedelta(days=6),
        fin=dimanche_du_changement + dt.timedelta(days=7),
        permanences=chaque_jour(T(9), T(12)),
    )
    for occurrence in occurrences:
        debut, fin = occurrence.debut.astimezone(PARIS), occurrence.fin.astimezone(PARIS)
        assert (debut.hour, debut.minute, fin.hour) == (9, 0, 12)
        assert occurrence.fin.astimezone(dt.UTC) - occurrence.debut.astimezone(
            dt.UTC
        ) == dt.timedelta(hours=3)
    offsets = {s.debut.utcoffset() for s in occurrences}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_the_change_day_itself_and_its_utc_offsets():
    spring = heure_de_paris(D(2026, 3, 29), T(9))
    autumn = heure_de_paris(D(2026, 10, 25), T(9))
    assert spring.utcoffset() == dt.timedelta(hours=2)
    assert autumn.utcoffset() == dt.timedelta(hours=1)
    # The hour that does not exist moves forward, as clocks do.
    assert heure_de_paris(D(2026, 3, 29), T(2, 30)).hour == 3
    # A session across the spring change is one hour shorter in real time.
    night = occurrences_prevues(
        debut=D(2026, 3, 29),
        fin=D(2026, 3, 29),
        permanences=[PermanenceHebdomadaire(6, T(1), T(4))],
    )[0]
    assert night.fin.astimezone(dt.UTC) - night.debut.astimezone(dt.UTC) == dt.timedelta(hours=2)


heures = st.times(min_value=T(6), max_value=T(20, 59)).map(lambda t: t.replace(second=0))


@st.composite
def permanences_hebdomadaires(draw):
    jour = draw(st.integers(0, 6))
    debut = draw(heures)
    minutes = draw(st.integers(15, 180))
    fin = (dt.datetime.combine(D(2000, 1, 1), debut) + dt.timedelta(minutes=minutes)).time()
    return PermanenceHebdomadaire(jour, debut, max(fin, T(21)) if fin < debut else fin)


@st.composite
def semestres_et_fermetures(draw):
    annee = draw(st.integers(2020, 2040))
    debut, fin = semestre(annee, draw(st.sampled_from([1, 2])))
    fermetures = []
    for _ in range(draw(st.integers(0, 3))):
        premier = draw(st.dates(min_value=debut - dt.timedelta(days=20), max_value=fin))
        fermetures.append((premier, premier + dt.timedelta(days=draw(st.integers(0, 20)))))
    return debut, fin, fermetures


@settings(max_examples=200, deadline=None)
@given(
    periode=semestres_et_fermetures(),
    permanences=st.lists(permanences_hebdomadaires(), min_size=1, max_size=4),
)
def test_properties_of_every_generated_session(periode, permanences):
    debut, fin, fermetures = periode
    occurrences = occurrences_prevues(
        debut=debut, fin=fin, permanences=permanences, fermetures=fermetures
    )
    feries = holidays.France(years=range(debut.year, fin.year + 1))
    for occurrence in occurrences:
        assert debut <= occurrence.date <= fin
        assert occurrence.date not in feries
        assert not any(first <= occurrence.date <= last for first, last in fermetures)
        assert occurrence.date.weekday() == occurrence.permanence.jour_semaine
        local = occurrence.debut.astimezone(PARIS)
        assert local.date() == occurrence.date
        assert (local.hour, local.minute) == (
            occurrence.permanence.heure_debut.hour,
            occurrence.permanence.heure_debut.minute,
        )
        assert occurrence.debut.tzinfo is not None and occurrence.fin > occurrence.debut
    # Every open day of the right weekday has its session: nothing is lost either.
    open_days = {
        debut + dt.timedelta(days=n)
        for n in range((fin - debut).days + 1)
        if debut + dt.timedelta(days=n) not in feries
        and not any(first <= debut + dt.timedelta(days=n) <= last for first, last in fermetures)
    }
    expected = sum(
        1
        for day in open_days
        for permanence in permanences
        if day.weekday() == permanence.jour_semaine
    )
    assert len(occurrences) == expected


def test_next_free_times_skip_busy_hours_weekends_and_closed_days():
    busy = [(heure_de_paris(D(2027, 1, 8), T(8, 30)), heure_de_paris(D(2027, 1, 8), T(18)))]
    free = prochains_creneaux_libres(
        occupes=busy,
        duree=dt.timedelta(hours=3),
        a_partir_de=heure_de_paris(D(2027, 1, 7), T(16)),
        jours_exclus=[D(2027, 1, 11)],
        nombre=2,
    )
    # Thursday 16:00 is too late for 3 hours, Friday is full, the weekend and Monday closed;
    # the two kept do not overlap each other.
    assert free == [
        (heure_de_paris(D(2027, 1, 12), T(8, 30)), heure_de_paris(D(2027, 1, 12), T(11, 30))),
        (heure_de_paris(D(2027, 1, 12), T(11, 30)), heure_de_paris(D(2027, 1, 12), T(14, 30))),
    ]


def test_free_times_nearest_to_the_time_asked_for_come_first():
    day = D(2027, 1, 7)
    free = prochains_creneaux_libres(
        occupes=[(heure_de_paris(day, T(14)), heure_de_paris(day, T(17)))],
        duree=dt.timedelta(hours=1),
        a_partir_de=heure_de_paris(day, T(0)),
        vers=heure_de_paris(day, T(15)),
    )
    hours = [(start.hour, start.minute) for start, _end in free]
    assert hours == [(12, 0), (13, 0), (17, 0)]
