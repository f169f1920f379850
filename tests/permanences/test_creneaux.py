"""The slot computation, as pure functions, on many dates (DST nights included)."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from permanences.creneaux import (
    PARIS,
    Creneau,
    OccurrenceHoraire,
    creneaux_libres,
    jours_fermes_en_utc,
    lire_valeur,
    par_jour,
)

NOW = datetime(2026, 1, 1, 8, tzinfo=PARIS)
OUVERT = {"delai_min": timedelta(0), "delai_max": timedelta(days=3650)}


def paris(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def libres(occurrences, duree=45, occupes=None, fermetures=(), maintenant=NOW, **window):
    return creneaux_libres(
        occurrences=occurrences,
        duree=timedelta(minutes=duree),
        occupes=occupes or {},
        fermetures=fermetures,
        maintenant=maintenant,
        **{**OUVERT, **window},
    )


def heures(slots):
    return [f"{s.debut:%H:%M}" for s in slots]


DAY = date(2026, 2, 3)


def test_a_morning_is_cut_in_slots_of_the_duration():
    slots = libres([OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12))])
    assert heures(slots) == ["09:00", "09:45", "10:30", "11:15"]
    assert all(s.fin - s.debut == timedelta(minutes=45) for s in slots)


def test_a_booking_removes_its_slot_and_the_grid_restarts_after_it():
    occurrence = OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12))
    assert heures(libres([occurrence], occupes={1: [(paris(DAY, 9, 45), paris(DAY, 10, 30))]})) == [
        "09:00",
        "10:30",
        "11:15",
    ]
    # A shorter démarche booked off the grid: nothing overlaps it.
    assert heures(libres([occurrence], occupes={1: [(paris(DAY, 9, 30), paris(DAY, 10))]})) == [
        "10:00",
        "10:45",
    ]


def test_bookings_of_another_session_do_not_count():
    occurrences = [
        OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 10)),
        OccurrenceHoraire(2, paris(DAY, 9), paris(DAY, 10)),
    ]
    slots = libres(occurrences, duree=60, occupes={1: [(paris(DAY, 9), paris(DAY, 10))]})
    assert [s.cle for s in slots] == [2]


def test_cancelled_session_and_closed_day_give_nothing():
    assert libres([OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12), annulee=True)]) == []
    assert (
        libres([OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12))], fermetures=[(DAY, DAY)]) == []
    )
    assert libres(
        [OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12))],
        fermetures=[(DAY + timedelta(1),) * 2],
    )


def test_booking_window():
    occurrence = OccurrenceHoraire(1, paris(DAY, 9), paris(DAY, 12))
    now = paris(DAY, 8)
    assert heures(libres([occurrence], maintenant=now, delai_min=timedelta(hours=2))) == [
        "10:30",
        "11:15",
    ]
    assert (
        libres([occurrence], maintenant=now - timedelta(days=10), delai_max=timedelta(days=5)) == []
    )
    assert libres([occurrence], maintenant=paris(DAY, 13)) == []


def test_spring_forward_night_has_real_hours_only():
    day = date(2026, 3, 29)  # 02:00 → 03:00
    slots = libres([OccurrenceHoraire(1, paris(day, 1), paris(day, 4))], duree=60)
    assert heures(slots) == ["01:00", "03:00"]
    assert all(s.fin.astimezone(UTC) - s.debut.astimezone(UTC) == timedelta(hours=1) for s in slots)


def test_fall_back_night_has_the_hour_twice():
    day = date(2026, 10, 25)  # 03:00 → 02:00
    slots = libres([OccurrenceHoraire(1, paris(day, 1), paris(day, 4))], duree=60)
    assert heures(slots) == ["01:00", "02:00", "02:00", "03:00"]
    assert len({s.debut.astimezone(UTC) for s in slots}) == 4


def test_closure_boundaries_follow_paris_midnight_on_dst_days():
    start, end = jours_fermes_en_utc(date(2026, 3, 29), date(2026, 3, 29))
    assert end - start == timedelta(hours=23)
    start, end = jours_fermes_en_utc(date(2026, 10, 25), date(2026, 10, 25))
    assert end - start == timedelta(hours=25)


def test_slot_value_round_trip_and_tampering():
    slot = libres([OccurrenceHoraire(42, paris(DAY, 9), paris(DAY, 10))], duree=60)[0]
    assert lire_valeur(slot.valeur) == (42, slot.debut)
    for bad in ["", "abc", "42", "42-", "-17", "42-12-3", "42-1e9", "x-1", "4" * 30 + "-1", None]:
        assert lire_valeur(bad) is None
    # Starts near the end of Python's dates: nothing can be added to them without overflow.
    for far in ["253402297199", "253402297200", "253402300799"]:
        assert lire_valeur(f"53-{far}") is None


def test_grouped_by_paris_day():
    late = Creneau(paris(DAY, 23, 30), paris(DAY, 23, 59), 1)
    assert par_jour([late]) == [(DAY, [late])]


# Property tests ---------------------------------------------------------------------------

days = st.dates(date(2024, 1, 1), date(2030, 12, 31)) | st.sampled_from(
    [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]
)


@st.composite
def scenario(draw):
    day = draw(days)
    occurrences = []
    occupes = {}
    for cle in range(draw(st.integers(1, 4))):
        start = paris(day + timedelta(days=draw(st.integers(0, 3))), draw(st.integers(0, 20)))
        start += timedelta(minutes=draw(st.sampled_from([0, 15, 30])))
        end = start + timedelta(minutes=draw(st.integers(30, 300)))
        occurrences.append(OccurrenceHoraire(cle, start, end, annulee=draw(st.booleans())))
        booked = []
        for _ in range(draw(st.integers(0, 4))):
            a = start + timedelta(minutes=draw(st.integers(-30, 300)))
            booked.append((a, a + timedelta(minutes=draw(st.integers(5, 120)))))
        occupes[cle] = booked
    fermetures = []
    for _ in range(draw(st.integers(0, 2))):
        first = day + timedelta(days=draw(st.integers(-2, 4)))
        fermetures.append((first, first + timedelta(days=draw(st.integers(0, 3)))))
    return {
        "occurrences": occurrences,
        "duree": timedelta(minutes=draw(st.sampled_from([15, 20, 30, 45, 60, 90]))),
        "occupes": occupes,
        "fermetures": fermetures,
        "maintenant": paris(day, 0) + timedelta(minutes=draw(st.integers(-3000, 6000))),
        "delai_min": timedelta(hours=draw(st.integers(0, 48))),
        "delai_max": timedelta(days=draw(st.integers(0, 10)), hours=draw(st.integers(0, 23))),
    }


def utc(moment):
    return moment.astimezone(UTC)


def overlaps(a_start, a_end, b_start, b_end):
    # In UTC: Python compares two datetimes of the same zone by their wall clock.
    return utc(a_start) < utc(b_end) and utc(b_start) < utc(a_end)


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_no_slot_overlaps_a_booking_a_closure_or_a_cancelled_session(case):
    slots = creneaux_libres(**case)
    by_key = {s.cle: s for s in case["occurrences"]}
    closed = [jours_fermes_en_utc(a, b) for a, b in case["fermetures"]]
    for slot in slots:
        occurrence = by_key[slot.cle]
        assert not occurrence.annulee
        assert utc(occurrence.debut) <= utc(slot.debut) and utc(slot.fin) <= utc(occurrence.fin)
        assert utc(slot.fin) - utc(slot.debut) == case["duree"]
        assert slot.debut.tzinfo == PARIS
        for a, b in case["occupes"][slot.cle]:
            assert not overlaps(slot.debut, slot.fin, a, b)
        for a, b in closed:
            assert not overlaps(slot.debut, slot.fin, a, b)
        assert utc(case["maintenant"]) + case["delai_min"] <= utc(slot.debut)
        assert utc(slot.debut) <= utc(case["maintenant"]) + case["delai_max"]
    same_session = {}
    for slot in slots:
        same_session.setdefault(slot.cle, []).append(slot)
    for group in same_session.values():
        for first, second in zip(group, group[1:], strict=False):
            assert utc(first.fin) <= utc(second.debut)
    assert [s.instant for s in slots] == sorted(s.instant for s in slots)


@settings(max_examples=200, deadline=None)
@given(scenario())
def test_every_free_slot_value_reads_back(case):
    for slot in creneaux_libres(**case):
        assert lire_valeur(slot.valeur) == (slot.cle, slot.debut)
