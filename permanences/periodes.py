"""Weeks and months as people type them in an address: pure functions, no ORM.

Bad values raise `PeriodeInvalide` with a French message the page shows instead of a 500.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from permanences.occurrences import heure_de_paris

SEMAINE_ISO = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MOIS = re.compile(r"^(\d{4})-(\d{1,2})$")


# Dates outside these years are refused: nobody plans there, and date arithmetic would overflow.
ANNEE_MIN, ANNEE_MAX = 2000, 2200


class PeriodeInvalide(ValueError):
    """A week or month that cannot be read; the message is French, for the page."""


def _dans_les_bornes(day: date, value: str) -> date:
    if not ANNEE_MIN <= day.year <= ANNEE_MAX:
        raise PeriodeInvalide(
            _("La date « %(valeur)s » est trop loin dans le passé ou l'avenir.") % {"valeur": value}
        )
    return day


@dataclass(frozen=True)
class Periode:
    """Days [premier_jour, dernier_jour], with the Paris datetimes that bound them."""

    premier_jour: date
    dernier_jour: date

    @property
    def debut(self) -> datetime:
        return heure_de_paris(self.premier_jour, time(0))

    @property
    def fin(self) -> datetime:
        """Midnight after the last day (exclusive end)."""
        return heure_de_paris(self.dernier_jour + timedelta(days=1), time(0))

    def jours(self):
        return [
            self.premier_jour + timedelta(days=n)
            for n in range((self.dernier_jour - self.premier_jour).days + 1)
        ]


def lire_date(value: str) -> date:
    """A date written 2026-11-26; raises PeriodeInvalide otherwise."""
    try:
        day = date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise PeriodeInvalide(
            _("La date « %(valeur)s » n'est pas comprise. Écrivez-la comme 2026-11-26.")
            % {"valeur": value}
        ) from None
    return _dans_les_bornes(day, value)


def semaine(day: date) -> Periode:
    monday = day - timedelta(days=day.weekday())
    return Periode(monday, monday + timedelta(days=6))


def mois(day: date) -> Periode:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Periode(first, following - timedelta(days=1))


def semaine_iso(day: date) -> str:
    """The week of that day, written 2026-W48."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def lire_semaine(value: str | None, today: date) -> Periode:
    """The week written 2026-W48 or holding a date such as 2026-11-26; empty: this week."""
    value = (value or "").strip()
    if not value:
        return semaine(today)
    match = SEMAINE_ISO.match(value)
    if match is None:
        return semaine(lire_date(value))
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PeriodeInvalide(
            _("La semaine « %(valeur)s » n'existe pas.") % {"valeur": value}
        ) from None
    return semaine(_dans_les_bornes(monday, value))


def lire_mois(value: str | None, today: date) -> Periode:
    """The month written 2026-11 or holding a date such as 2026-11-26; empty: this month."""
    value = (value or "").strip()
    if not value:
        return mois(today)
    match = MOIS.match(value)
    if match is None:
        return mois(lire_date(value))
    try:
        first = date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise PeriodeInvalide(
            _("Le mois « %(valeur)s » n'existe pas.") % {"valeur": value}
        ) from None
    return mois(_dans_les_bornes(first, value))
