"""Dated occurrences of weekly permanences, and free times of a room: pure date logic, no ORM.

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
class PermanenceHebdomadaire:
    """A weekly permanence as date logic sees it (DESIGN: "a recurring slot"): weekday
    (0 = Monday), start and end times; `cle` names the Permanence it stands for, `sautees`
    are the dates it skips. "Créneau" is kept for a bookable time (permanences.creneaux)."""

    jour_semaine: int
    heure_debut: time
    heure_fin: time
    cle: Any = None
    sautees: frozenset[date] = frozenset()


@dataclass(frozen=True)
class OccurrencePrevue:
    """One dated occurrence of a weekly permanence."""

    date: date
    debut: datetime
    fin: datetime
    permanence: PermanenceHebdomadaire


def heure_de_paris(jour: date, moment: time) -> datetime:
    """The aware datetime of that wall-clock time in Paris.

    A time that does not exist (inside the spring-forward hour) is moved forward by the gap,
    as clocks do; an ambiguous one (the autumn repeated hour) takes its first occurrence.
    """
    naif = datetime.combine(jour, moment, tzinfo=PARIS)
    return naif.astimezone(UTC).astimezone(PARIS)


def jours_feries(debut: date, fin: date) -> dict[date, str]:
    """French public holidays between the two dates (both included), with their names."""
    annees = range(debut.year, fin.year + 1)
    return {
        jour: nom
        for jour, nom in holidays.France(years=annees, language="fr").items()
        if debut <= jour <= fin
    }


def jours(debut: date, fin: date) -> Iterable[date]:
    """Every day from debut to fin, both included."""
    for offset in range((fin - debut).days + 1):
        yield debut + timedelta(days=offset)


def jours_fermes(
    debut: date, fin: date, fermetures: Iterable[tuple[date, date]] = ()
) -> dict[date, str]:
    """Days without any occurrence: public holidays and closures ((first day, last day) pairs)."""
    fermes = jours_feries(debut, fin)
    for premier, dernier in fermetures:
        for jour in jours(max(premier, debut), min(dernier, fin)):
            fermes.setdefault(jour, "fermeture")
    return fermes


def occurrences_prevues(
    *,
    debut: date,
    fin: date,
    permanences: Iterable[PermanenceHebdomadaire],
    fermetures: Iterable[tuple[date, date]] = (),
) -> list[OccurrencePrevue]:
    """The occurrences of the weekly permanences from debut to fin (both included), in time
    order.

    Public holidays (the `holidays` package), closures (inclusive date pairs) and each
    permanence's own skipped dates are skipped.
    """
    permanences = list(permanences)
    fermes = jours_fermes(debut, fin, fermetures)
    prevues = []
    for jour in jours(debut, fin):
        if jour in fermes:
            continue
        for permanence in permanences:
            if permanence.jour_semaine != jour.weekday() or jour in permanence.sautees:
                continue
            prevues.append(
                OccurrencePrevue(
                    date=jour,
                    debut=heure_de_paris(jour, permanence.heure_debut),
                    fin=heure_de_paris(jour, permanence.heure_fin),
                    permanence=permanence,
                )
            )
    return sorted(prevues, key=lambda prevue: (prevue.debut, prevue.fin))


def chevauche(debut: datetime, fin: datetime, autres: Iterable[tuple[datetime, datetime]]):
    """True when [debut, fin) overlaps one of the other half-open intervals."""
    return any(autre_debut < fin and autre_fin > debut for autre_debut, autre_fin in autres)


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
    exclus = set(jours_exclus)
    cible = vers or a_partir_de
    candidats = []
    premier_jour = a_partir_de.astimezone(PARIS).date()
    for jour in jours(premier_jour, premier_jour + timedelta(days=horizon_jours)):
        if jour.weekday() not in JOURS_OUVRES or jour in exclus:
            continue
        debut = heure_de_paris(jour, OUVERTURE)
        fermeture = heure_de_paris(jour, FERMETURE)
        while debut + duree <= fermeture:
            if debut >= a_partir_de and not chevauche(debut, debut + duree, occupes):
                candidats.append((debut, debut + duree))
            debut += pas
    retenus = []
    for debut, fin in sorted(candidats, key=lambda c: (abs(c[0] - cible), c[0])):
        if not chevauche(debut, fin, retenus):
            retenus.append((debut, fin))
            if len(retenus) == nombre:
                break
    return sorted(retenus)
