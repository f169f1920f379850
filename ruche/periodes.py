"""A span of whole days, from one date to another, both included. Pure date logic, no ORM.

The one period of the Ruche: the figures of a report cover one, the calendar shows one (a
week, a month). A convention's term period is another concept (`partenariats.terme`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from ruche.formats import PARIS, date_longue


def un_an_avant(jour):
    """The same day one year earlier; 29 February becomes 28 February."""
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:
        return jour.replace(year=jour.year - 1, day=28)


def fin_de_mois(annee, mois):
    suivant = date(annee + mois // 12, mois % 12 + 1, 1)
    return suivant - timedelta(days=1)


@dataclass(frozen=True)
class Periode:
    """From `debut` to `fin`, both days included."""

    debut: date
    fin: date

    def __post_init__(self):
        if self.fin < self.debut:
            raise ValueError("fin avant début")

    @classmethod
    def annee(cls, annee):
        return cls(date(annee, 1, 1), date(annee, 12, 31))

    @classmethod
    def semaine_de(cls, jour):
        """The week, Monday to Sunday, holding that day."""
        lundi = jour - timedelta(days=jour.weekday())
        return cls(lundi, lundi + timedelta(days=6))

    @classmethod
    def mois_de(cls, jour):
        """The calendar month holding that day."""
        return cls(jour.replace(day=1), fin_de_mois(jour.year, jour.month))

    @property
    def est_une_annee(self):
        return self.debut == date(self.debut.year, 1, 1) and self.fin == date(
            self.debut.year, 12, 31
        )

    def precedente(self):
        """The same days one year earlier."""
        return Periode(un_an_avant(self.debut), un_an_avant(self.fin))

    def bornes(self):
        """Aware datetimes [start, end) in Paris time, for a filter on a timestamp."""
        debut = datetime.combine(self.debut, time(), tzinfo=PARIS)
        fin = datetime.combine(self.fin + timedelta(days=1), time(), tzinfo=PARIS)
        return debut, fin

    def jours(self):
        """Every day of the period, in order."""
        return [self.debut + timedelta(days=n) for n in range((self.fin - self.debut).days + 1)]

    def mois(self):
        """The first day of every month the period touches, in order."""
        courant = self.debut.replace(day=1)
        resultat = []
        while courant <= self.fin:
            resultat.append(courant)
            courant = date(courant.year + courant.month // 12, courant.month % 12 + 1, 1)
        return resultat

    def annees_entieres(self):
        """The years the period covers from 1 January to 31 December."""
        return [
            annee
            for annee in range(self.debut.year, self.fin.year + 1)
            if self.debut <= date(annee, 1, 1) and date(annee, 12, 31) <= self.fin
        ]

    def mois_entiers(self):
        """(year, month) of the months the period covers from their first to last day."""
        return [
            (m.year, m.month)
            for m in self.mois()
            if self.debut <= m and fin_de_mois(m.year, m.month) <= self.fin
        ]

    @property
    def libelle(self):
        if self.est_une_annee:
            return _("Année %(annee)s") % {"annee": self.debut.year}
        return _("Du %(debut)s au %(fin)s") % {
            "debut": date_longue(self.debut),
            "fin": date_longue(self.fin),
        }

    @property
    def entete(self):
        """A short column heading."""
        if self.est_une_annee:
            return str(self.debut.year)
        return f"{self.debut:%d/%m/%Y} – {self.fin:%d/%m/%Y}"
