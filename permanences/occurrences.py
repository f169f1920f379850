"""Dated sessions of weekly permanences, and free times of a room: pure date logic, no ORM.

Times are wall-clock times in Paris: a 9:00–12:00 permanence is 9:00–12:00 local on the
day clocks change too, so its length in UTC may differ from other weeks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import holidays

from ruche.formats import PARIS


@dataclass(frozen=True)
class CreneauHebdomadaire:
    """A weekly slot: weekday (0 = Monday), start and end times; `cle` names its permanence."""

    jour_semaine: int
    heure_debut: time
    heure_fin: time
    cle: Any = None


@dataclass(frozen=True)
class SeanceDatee:
    """One dated session of a weekly slot."""

    date: date
    debut: datetime
    fin: datetime
    creneau: CreneauHebdomadaire


def heure_de_paris(day: date, moment: time) -> datetime:
    """The aware datetime of that wall-clock time in Paris.

    A time that does not exist (inside the spring-forward hour) is moved forward by the gap,
    as clocks do; an ambiguous one (the autumn repeated hour) takes its first occurrence.
    """
    naive = datetime.combine(day, moment, tzinfo=PARIS)
    return naive.astimezone(UTC).astimezone(PARIS)


def jours_feries(debut: date, fin: date) -> dict[date, str]:
    """French public holidays between the two dates (both included), with their names."""
    years = range(debut.year, fin.year + 1)
    return {
        day: name
        for day, name in holidays.France(years=years, language="fr").items()
        if debut <= day <= fin
    }


def jours(debut: date, fin: date) -> Iterable[date]:
    """Every day from debut to fin, both included."""
    for offset in range((fin - debut).days + 1):
        yield debut + timedelta(days=offset)


def jours_fermes(
    debut: date, fin: date, fermetures: Iterable[tuple[date, date]] = ()
) -> dict[date, str]:
    """Days without any session: public holidays and closures ((first day, last day) pairs)."""
    closed = jours_feries(debut, fin)
    for first, last in fermetures:
        for day in jours(max(first, debut), min(last, fin)):
            closed.setdefault(day, "fermeture")
    return closed


def generer_seances(
    *,
    debut: date,
    fin: date,
    creneaux: Iterable[CreneauHebdomadaire],
    fermetures: Iterable[tuple[date, date]] = (),
) -> list[SeanceDatee]:
    """The sessions of the weekly slots from debut to fin (both included), in time order.

    Public holidays (the `holidays` package) and closures (inclusive date pairs) are skipped.
    """
    creneaux = list(creneaux)
    closed = jours_fermes(debut, fin, fermetures)
    seances = []
    for day in jours(debut, fin):
        if day in closed:
            continue
        for creneau in creneaux:
            if creneau.jour_semaine != day.weekday():
                continue
            seances.append(
                SeanceDatee(
                    date=day,
                    debut=heure_de_paris(day, creneau.heure_debut),
                    fin=heure_de_paris(day, creneau.heure_fin),
                    creneau=creneau,
                )
            )
    return sorted(seances, key=lambda seance: (seance.debut, seance.fin))


def chevauche(debut: datetime, fin: datetime, autres: Iterable[tuple[datetime, datetime]]):
    """True when [debut, fin) overlaps one of the other half-open intervals."""
    return any(other_start < fin and other_end > debut for other_start, other_end in autres)


# Hours in which the free times of a room are looked for, and the days it opens.
OUVERTURE = time(8, 30)
FERMETURE = time(18, 0)
JOURS_OUVRES = frozenset(range(5))


def prochains_creneaux_libres(
    *,
    occupes: Iterable[tuple[datetime, datetime]],
    duree: timedelta,
    a_partir_de: datetime,
    vers: datetime | None = None,
    jours_exclus: Iterable[date] = (),
    nombre: int = 3,
    horizon_jours: int = 14,
    pas: timedelta = timedelta(minutes=30),
) -> list[tuple[datetime, datetime]]:
    """Up to `nombre` free times of `duree` in a room whose busy times are `occupes`.

    Looked for on opening days within opening hours, every `pas`, from `a_partir_de` up to
    `horizon_jours` days later, skipping `jours_exclus` (holidays, closures). The ones
    nearest to `vers` (the time asked for) are kept, never two overlapping, in time order.
    """
    occupes = list(occupes)
    excluded = set(jours_exclus)
    target = vers or a_partir_de
    candidates = []
    first_day = a_partir_de.astimezone(PARIS).date()
    for day in jours(first_day, first_day + timedelta(days=horizon_jours)):
        if day.weekday() not in JOURS_OUVRES or day in excluded:
            continue
        start = heure_de_paris(day, OUVERTURE)
        closing = heure_de_paris(day, FERMETURE)
        while start + duree <= closing:
            if start >= a_partir_de and not chevauche(start, start + duree, occupes):
                candidates.append((start, start + duree))
            start += pas
    chosen = []
    for start, end in sorted(candidates, key=lambda c: (abs(c[0] - target), c[0])):
        if not chevauche(start, end, chosen):
            chosen.append((start, end))
            if len(chosen) == nombre:
                break
    return sorted(chosen)
