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
class OccurrenceHoraire:
    """A dated occurrence of a permanence: `cle` identifies it (the occurrence's pk)."""

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
        """The value a form posts back: `<occurrence>-<UTC timestamp>` (see `lire_valeur`)."""
        return f"{self.cle}-{int(self.debut.timestamp())}"

    @property
    def instant(self):
        """The start as a UTC instant: what to sort and compare slots by."""
        return self.debut.astimezone(UTC)

    @property
    def jour(self) -> date:
        return self.debut.astimezone(PARIS).date()

    @property
    def heure(self) -> str:
        """The start as residents read it, "09:45" (Paris time, as the `time:"H:i"` filter
        writes it, without its cost in a list of fifty slots)."""
        return f"{self.debut.astimezone(PARIS):%H:%M}"


# No slot starts this late: far enough from datetime.max that adding a duration, a day or a
# booking window to a posted start cannot overflow.
DERNIER_INSTANT = int(datetime(9000, 1, 1, tzinfo=UTC).timestamp())


def lire_valeur(valeur: str):
    """(occurrence key, aware start) from a posted slot value, or None if it is malformed."""
    if not isinstance(valeur, str) or valeur.count("-") != 1:
        return None
    cle, _, horodatage = valeur.partition("-")
    if not (cle.isdigit() and horodatage.isdigit()) or len(cle) > 18 or len(horodatage) > 12:
        return None
    if int(horodatage) >= DERNIER_INSTANT:
        return None
    debut = datetime.fromtimestamp(int(horodatage), tz=UTC).astimezone(PARIS)
    return int(cle), debut


def jours_fermes_en_utc(debut: date, fin: date):
    """A closure of the local days [debut, fin] as a half-open UTC interval."""
    return (
        datetime.combine(debut, time(0), tzinfo=PARIS).astimezone(UTC),
        datetime.combine(fin + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC),
    )


def _chevauche(debut, fin, intervalles):
    return any(a < fin and debut < b for a, b in intervalles)


def creneaux_libres(
    *,
    occurrences: Iterable[OccurrenceHoraire],
    duree: timedelta,
    occupes: Mapping[int, Sequence[tuple[datetime, datetime]]],
    fermetures: Iterable[tuple[date, date]],
    maintenant: datetime,
    delai_min: timedelta,
    delai_max: timedelta,
) -> list[Creneau]:
    """Free slots of `duree`, cut one after the other from each occurrence that is not cancelled.

    `occupes` maps an occurrence key to the intervals already booked in it; a slot never overlaps
    one: the grid starts again at the end of a booking. No slot touches a closed day. Only
    slots starting in [maintenant + delai_min, maintenant + delai_max] are kept.
    """
    if duree <= timedelta(0):
        raise ValueError("duree must be positive")
    au_plus_tot = maintenant.astimezone(UTC) + delai_min
    au_plus_tard = maintenant.astimezone(UTC) + delai_max
    fermes = [jours_fermes_en_utc(a, b) for a, b in fermetures]
    creneaux = []
    for occurrence in occurrences:
        if occurrence.annulee:
            continue
        debut = occurrence.debut.astimezone(UTC)
        fin = occurrence.fin.astimezone(UTC)
        if _chevauche(debut, fin, fermes):
            continue
        pris = sorted(
            (a.astimezone(UTC), b.astimezone(UTC)) for a, b in occupes.get(occurrence.cle, ())
        )
        curseur = debut
        while curseur + duree <= fin and curseur <= au_plus_tard:
            fin_creneau = curseur + duree
            conflits = [b for a, b in pris if a < fin_creneau and curseur < b]
            if conflits:
                curseur = max(conflits)
                continue
            if curseur >= au_plus_tot:
                creneaux.append(
                    Creneau(
                        curseur.astimezone(PARIS), fin_creneau.astimezone(PARIS), occurrence.cle
                    )
                )
            curseur = fin_creneau
    return sorted(creneaux, key=lambda creneau: (creneau.instant, creneau.cle))


def par_jour(creneaux: Iterable[Creneau]):
    """[(local day, [slots of that day])], in order."""
    jours: dict[date, list[Creneau]] = {}
    for creneau in creneaux:
        jours.setdefault(creneau.jour, []).append(creneau)
    return sorted(jours.items())
