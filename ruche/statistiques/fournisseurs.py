"""Providers of the sections that other apps feed: the association's activity, the workshops
(app `permanences`) and the state of the convention (app `partenariats`).

Each provider is one function below; it returns None while its app has no data to give, and
the dashboard and the report then say "Pas encore de données". To plug an app in, replace
the body of the function (aggregating in the database: one query per table) and return the
dataclass it announces; nothing else changes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from ruche.statistiques.tableaux import Tableau


def _taux(partie, tout):
    return round(100 * partie / tout, 1) if tout else None


@dataclass
class RendezVousParDemarche:
    demarche: str
    pris: int
    honores: int
    annules: int
    manques: int

    @property
    def taux_absence(self):
        """Missed among those that were due (honoured + missed), in %; None when none."""
        return _taux(self.manques, self.honores + self.manques)


@dataclass
class ActiviteAssociation:
    permanences_prevues: int
    permanences_tenues: int
    permanences_annulees: int
    rendez_vous: list = field(default_factory=list)  # of RendezVousParDemarche

    def tableaux(self):
        permanences = Tableau(
            "permanences",
            _("Permanences de l'association"),
            [_("Permanences"), _("Nombre")],
            [
                [_("Prévues"), self.permanences_prevues],
                [_("Tenues"), self.permanences_tenues],
                [_("Annulées"), self.permanences_annulees],
            ],
        )
        colonnes = [_("Démarche"), _("Pris"), _("Honorés"), _("Annulés"), _("Manqués")]
        rangees = [[r.demarche, r.pris, r.honores, r.annules, r.manques] for r in self.rendez_vous]
        total = [_("Total"), *(sum(r[i] for r in rangees) for i in range(1, 5))]
        colonnes.append(_("Taux d'absence (%)"))
        for rangee, rdv in zip(rangees, self.rendez_vous, strict=True):
            rangee.append(rdv.taux_absence if rdv.taux_absence is not None else "—")
        taux_total = _taux(total[4], total[2] + total[4])
        total.append(taux_total if taux_total is not None else "—")
        rendez_vous = Tableau(
            "rendez_vous", _("Rendez-vous par démarche"), colonnes, rangees, total
        )
        return [permanences, rendez_vous]


@dataclass
class BilanAteliers:
    places_offertes: int
    places_prises: int
    presents: int

    def tableaux(self):
        return [
            Tableau(
                "ateliers",
                _("Ateliers collectifs"),
                [_("Places"), _("Nombre")],
                [
                    [_("Offertes"), self.places_offertes],
                    [_("Prises (inscriptions)"), self.places_prises],
                    [_("Présents"), self.presents],
                ],
            )
        ]


@dataclass
class Evenement:
    le: date
    objet: str


@dataclass
class EtatConvention:
    titre: str
    periode_debut: date
    periode_fin: date
    en_vigueur: bool
    prochaine_periode_debut: date
    prochaine_periode_fin: date
    avenants: list = field(default_factory=list)  # of Evenement
    manquements: list = field(default_factory=list)  # of Evenement


def activite_association(periode):
    """Permanences planned/held/cancelled and appointments by démarche for the period.

    Returns an ActiviteAssociation, or None until the `permanences` app provides it."""
    return None


def bilan_ateliers(periode):
    """Workshop places offered, taken and attended in the period: BilanAteliers or None."""
    return None


def etat_convention(annee):
    """The convention in force that year, its amendments and breaches: EtatConvention or
    None until the `partenariats` app provides it."""
    return None
