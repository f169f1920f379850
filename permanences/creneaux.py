"""Free appointment slots, as pure functions: no ORM, no clock, no settings.

Everything is computed on UTC instants and handed back in Europe/Paris, so a slot is always
exactly the démarche's duration long, even on the nights the clocks change. (Python compares
two datetimes of the same zone by their wall clock; instants are compared in UTC here.)
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ruche.formats import PARIS


@dataclass(frozen=True)
class Seance:
    """A dated session of a permanence: `cle` identifies it (the occurrence's pk)."""

    cle: int
    debut: datetime
    fin: datetime
    annulee: bool = False


@dataclass(frozen=True)
class Creneau:
    debut: datetime
    fin: datetime
    cle: int

    @property
    def valeur(self):
        """The value a form posts back: `<session>-<UTC timestamp>` (see `lire_valeur`)."""
        return f"{self.cle}-{int(self.debut.timestamp())}"

    @property
    def instant(self):
        """The start as a UTC instant: what to sort and compare slots by."""
        return self.debut.astimezone(UTC)

    @property
    def jour(self) -> date:
        return self.debut.astimezone(PARIS).date()


# No slot starts this late: far enough from datetime.max that adding a duration, a day or a
# booking window to a posted start cannot overflow.
DERNIER_INSTANT = int(datetime(9000, 1, 1, tzinfo=UTC).timestamp())


def lire_valeur(valeur: str):
    """(session key, aware start) from a posted slot value, or None if it is malformed."""
    if not isinstance(valeur, str) or valeur.count("-") != 1:
        return None
    cle, _, stamp = valeur.partition("-")
    if not (cle.isdigit() and stamp.isdigit()) or len(cle) > 18 or len(stamp) > 12:
        return None
    if int(stamp) >= DERNIER_INSTANT:
        return None
    debut = datetime.fromtimestamp(int(stamp), tz=UTC).astimezone(PARIS)
    return int(cle), debut


def jours_fermes_en_utc(debut: date, fin: date):
    """A closure of the local days [debut, fin] as a half-open UTC interval."""
    start = datetime.combine(debut, time(0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(fin + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    return start, end


def _chevauche(start, end, intervals):
    return any(a < end and start < b for a, b in intervals)


def creneaux_libres(
    *,
    seances: Iterable[Seance],
    duree: timedelta,
    occupes: Mapping[int, Sequence[tuple[datetime, datetime]]],
    fermetures: Iterable[tuple[date, date]],
    maintenant: datetime,
    delai_min: timedelta,
    delai_max: timedelta,
) -> list[Creneau]:
    """Free slots of `duree`, cut one after the other from each session that is not cancelled.

    `occupes` maps a session key to the intervals already booked in it; a slot never overlaps
    one: the grid starts again at the end of a booking. No slot touches a closed day. Only
    slots starting in [maintenant + delai_min, maintenant + delai_max] are kept.
    """
    if duree <= timedelta(0):
        raise ValueError("duree must be positive")
    earliest = maintenant.astimezone(UTC) + delai_min
    latest = maintenant.astimezone(UTC) + delai_max
    closed = [jours_fermes_en_utc(a, b) for a, b in fermetures]
    slots = []
    for seance in seances:
        if seance.annulee:
            continue
        start = seance.debut.astimezone(UTC)
        end = seance.fin.astimezone(UTC)
        if _chevauche(start, end, closed):
            continue
        booked = sorted(
            (a.astimezone(UTC), b.astimezone(UTC)) for a, b in occupes.get(seance.cle, ())
        )
        cursor = start
        while cursor + duree <= end and cursor <= latest:
            slot_end = cursor + duree
            clash = [b for a, b in booked if a < slot_end and cursor < b]
            if clash:
                cursor = max(clash)
                continue
            if cursor >= earliest:
                slots.append(
                    Creneau(cursor.astimezone(PARIS), slot_end.astimezone(PARIS), seance.cle)
                )
            cursor = slot_end
    return sorted(slots, key=lambda slot: (slot.instant, slot.cle))


def par_jour(creneaux: Iterable[Creneau]):
    """[(local day, [slots of that day])], in order."""
    days: dict[date, list[Creneau]] = {}
    for creneau in creneaux:
        days.setdefault(creneau.jour, []).append(creneau)
    return sorted(days.items())
