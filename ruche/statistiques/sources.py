"""Where the visitor figures come from: a small registry of *sources*.

A source is a function `source(periode) -> list[Ligne]` that returns the visits of a period
already aggregated by the database (one query whatever the number of rows): how many people
per month, kind of support, démarche theme and partner. Every table, chart, export and the
committee's report is built from the union of all sources, so a visit counted by one source
shows in every figure, and every table adds up to the same total.

Sources today:
- `passages`: the visitor log typed at the front desk (`Passage`);
- `totaux_historiques`: the figures of the years before the app (`TotalHistorique`), where
  `accompagnement=""` is "non ventilé" (counted in the total, kind unknown) and a total for
  a whole year has `mois=None` ("mois non précisé"). A historic total counts only when the
  period covers its whole month or year: it cannot be split.

Adding a source (e.g. when the `permanences` app is merged) is one function here, decorated
with `@source`, so that what was recorded elsewhere is not typed twice at the front desk:
- appointments of the association marked came (`RendezVous.Statut.VENU`): one row per month
  and démarche with `accompagnement=Accompagnement.PARTENAIRE`, `partenaire_id` the
  association, the theme mapped from the démarche (retraite, titre_sejour);
- workshop attendance (registrations marked present): `accompagnement=Accompagnement.ATELIER`,
  `partenaire_id` the association running the workshop, `theme="numerique_autre"`.
Each must aggregate in the database, like `passages` below (values().annotate(Count)).
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from ruche.models import Passage, TotalHistorique
from ruche.statistiques.periode import PARIS


@dataclass(frozen=True)
class Ligne:
    """`nombre` visitors of one month (None: not known), kind, theme and partner.

    `accompagnement=""` is "non ventilé"; `theme=""` and `partenaire_id=None` are "not
    given"."""

    mois: date | None
    accompagnement: str
    theme: str
    partenaire_id: int | None
    nombre: int


SOURCES = {}


def source(fonction):
    """Registers a source of visitor figures under its function name."""
    SOURCES[fonction.__name__] = fonction
    return fonction


def collecter(periode):
    """The aggregated rows of every source for the period."""
    lignes = []
    for fonction in SOURCES.values():
        lignes.extend(fonction(periode))
    return lignes


@source
def passages(periode):
    debut, fin = periode.bornes()
    rangees = (
        Passage.objects.filter(quand__gte=debut, quand__lt=fin)
        .annotate(mois=TruncMonth("quand", tzinfo=PARIS))
        .values("mois", "accompagnement", "theme", "partenaire_id")
        .annotate(nombre=Count("*"))
        .order_by()
    )
    return [
        Ligne(
            mois=rangee["mois"].astimezone(PARIS).date(),
            accompagnement=rangee["accompagnement"],
            theme=rangee["theme"],
            partenaire_id=rangee["partenaire_id"],
            nombre=rangee["nombre"],
        )
        for rangee in rangees
    ]


@source
def totaux_historiques(periode):
    couverts = Q(mois__isnull=True, annee__in=periode.annees_entieres())
    for annee, mois in groupby(periode.mois_entiers(), key=itemgetter(0)):
        couverts |= Q(annee=annee, mois__in=[m for _, m in mois])
    rangees = (
        TotalHistorique.objects.filter(couverts)
        .values("annee", "mois", "accompagnement")
        .annotate(total=Sum("nombre"))
        .order_by()
    )
    return [
        Ligne(
            mois=date(rangee["annee"], rangee["mois"], 1) if rangee["mois"] else None,
            accompagnement=rangee["accompagnement"],
            theme="",
            partenaire_id=None,
            nombre=rangee["total"],
        )
        for rangee in rangees
    ]
