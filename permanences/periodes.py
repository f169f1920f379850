"""Weeks and months as people type them in an address: pure functions, no ORM.

Bad values raise `PeriodeInvalide` with a French message the page shows instead of a 500.
The periods read are `ruche.periodes.Periode`, the one period of the Ruche.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from ruche.periodes import Periode

SEMAINE_ISO = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MOIS = re.compile(r"^(\d{4})-(\d{1,2})$")


# Dates outside these years are refused: nobody plans there, and date arithmetic would overflow.
ANNEE_MIN, ANNEE_MAX = 2000, 2200


class PeriodeInvalide(ValueError):
    """A week or month that cannot be read; the message is French, for the page."""


def _dans_les_bornes(jour: date, saisie: str) -> date:
    if not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise PeriodeInvalide(
            _("La date « %(valeur)s » est trop loin dans le passé ou l'avenir.")
            % {"valeur": saisie}
        )
    return jour


def lire_date(saisie: str) -> date:
    """A date written 2026-11-26; raises PeriodeInvalide otherwise."""
    try:
        jour = date.fromisoformat(saisie.strip())
    except (ValueError, AttributeError):
        raise PeriodeInvalide(
            _("La date « %(valeur)s » n'est pas comprise. Écrivez-la comme 2026-11-26.")
            % {"valeur": saisie}
        ) from None
    return _dans_les_bornes(jour, saisie)


def semaine_iso(jour: date) -> str:
    """The week of that day, written 2026-W48."""
    annee, semaine, _jour_semaine = jour.isocalendar()
    return f"{annee}-W{semaine:02d}"


def lire_semaine(saisie: str | None, aujourdhui: date) -> Periode:
    """The week written 2026-W48 or holding a date such as 2026-11-26; empty: this week."""
    saisie = (saisie or "").strip()
    if not saisie:
        return Periode.semaine_de(aujourdhui)
    lu = SEMAINE_ISO.match(saisie)
    if lu is None:
        return Periode.semaine_de(lire_date(saisie))
    annee, semaine = int(lu.group(1)), int(lu.group(2))
    try:
        lundi = date.fromisocalendar(annee, semaine, 1)
    except ValueError:
        raise PeriodeInvalide(
            _("La semaine « %(valeur)s » n'existe pas.") % {"valeur": saisie}
        ) from None
    return Periode.semaine_de(_dans_les_bornes(lundi, saisie))


def lire_mois(saisie: str | None, aujourdhui: date) -> Periode:
    """The month written 2026-11 or holding a date such as 2026-11-26; empty: this month."""
    saisie = (saisie or "").strip()
    if not saisie:
        return Periode.mois_de(aujourdhui)
    lu = MOIS.match(saisie)
    if lu is None:
        return Periode.mois_de(lire_date(saisie))
    try:
        premier = date(int(lu.group(1)), int(lu.group(2)), 1)
    except ValueError:
        raise PeriodeInvalide(
            _("Le mois « %(valeur)s » n'existe pas.") % {"valeur": saisie}
        ) from None
    return Periode.mois_de(_dans_les_bornes(premier, saisie))
