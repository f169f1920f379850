"""Where the visitor figures come from: a small registry of *sources*.

A source is a function `source(periode) -> list[Ligne]` that returns the visits of a period
already aggregated by the database (one query whatever the number of rows): how many people
per month, kind of support, démarche theme and partner. Every table, chart, export and the
committee's report is built from the union of all sources, so a visit counted by one source
shows in every figure, and every table adds up to the same total.

Sources today:
- `passages`: the visitor log typed at the front desk (`Passage`). The figures of a whole
  past month are kept in `AgregatMensuel` once counted, and deleted as soon as a visit of
  that month is added, corrected or removed, so a year's dashboard reads twelve small rows
  instead of counting a million visits;
- `totaux_historiques`: the figures of the years before the app (`TotalHistorique`), where
  `accompagnement=""` is "non ventilé" (counted in the total, kind unknown) and a total for
  a whole year has `mois=None` ("mois non précisé"). A historic total counts only when the
  period covers its whole month or year: it cannot be split;
- the sources other apps register from their AppConfig.ready() (sections.py): the
  appointments marked came and the workshop presences (permanences/statistiques.py).

So that nobody is counted twice, the front desk does not type these people (the visitor
log's page says so): a visit typed as "pris en charge par un partenaire" is someone received
by a partner without an appointment (the association's permanences take walk-ins too).

`AgregatMensuel` holds the visitor log's rows only.

Adding a source is one function, here or in the app that owns the data, decorated with
`@source`, aggregating in the database (values().annotate(Count)) and returning `Ligne`s.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ruche.formats import PARIS
from ruche.models import AgregatMensuel, Passage, TotalHistorique
from ruche.periodes import Periode, fin_de_mois


@dataclass(frozen=True)
class Ligne:
    """`nombre` visitors of one month (None: not known), kind, theme and partner.

    `accompagnement=""` is "non ventilé"; `theme=""` and `partenaire_id=None` are "not
    given". `theme` is the visitor log's old theme (Passage.Theme), kept on the visits
    typed before the France Services operators; the operator, its theme and the outcome
    (Passage.Issue, Passage.Transmission) are None / "" when not given."""

    mois: date | None
    accompagnement: str
    theme: str
    partenaire_id: int | None
    nombre: int
    # The place the visitors came to (None: a source that does not know it).
    lieu_id: int | None = None
    operateur_id: int | None = None
    theme_operateur_id: int | None = None
    issue: str = ""
    transmission: str = ""


SOURCES = {}


def source(fonction):
    """Registers a source of visitor figures under its function name."""
    SOURCES[fonction.__name__] = fonction
    return fonction


def collecter(periode, lieux=None):
    """The aggregated rows of every source for the period, of the places `lieux` (pks;
    None: every place, consolidated)."""
    lignes = []
    for fonction in SOURCES.values():
        lignes.extend(fonction(periode))
    if lieux is None:
        return lignes
    lieux = set(lieux)
    return [ligne for ligne in lignes if ligne.lieu_id in lieux]


# The columns the visitor log is counted by, after the month; a cached month keeps its
# rows in this order (AgregatMensuel.lignes), the count after the partner.
COLONNES = (
    "accompagnement",
    "theme",
    "partenaire_id",
    "lieu_id",
    "operateur_id",
    "theme_operateur_id",
    "issue",
    "transmission",
)


def _ligne(mois, accompagnement, theme, partenaire_id, nombre, *autres):
    return Ligne(mois, accompagnement, theme, partenaire_id, nombre, *autres)


def _compter(filtre):
    """The visitor log aggregated by month and every column of COLONNES: one query."""
    rangees = (
        Passage.objects.filter(filtre)
        .annotate(mois=TruncMonth("quand", tzinfo=PARIS))
        .values_list("mois", *COLONNES)
        .annotate(nombre=Count("*"))
        .order_by()
    )
    return [
        _ligne(mois.astimezone(PARIS).date(), acc, theme, partenaire_id, nombre, *autres)
        for mois, acc, theme, partenaire_id, *autres, nombre in rangees
    ]


def _plages(periode, caches):
    """The parts of the period outside the cached months, as [start, end) ranges."""
    plages = []
    for mois in periode.mois():
        if mois in caches:
            continue
        debut = max(mois, periode.debut)
        fin = min(fin_de_mois(mois.year, mois.month), periode.fin)
        bas, haut = Periode(debut, fin).bornes()
        if plages and plages[-1][1] == bas:
            plages[-1][1] = haut
        else:
            plages.append([bas, haut])
    return plages


@source
def passages(periode):
    """The visitor log. Whole past months come from their cached aggregate (AgregatMensuel)
    when it is there; the rest is counted, and past months just counted are cached."""
    mois_courant = timezone.localdate().replace(day=1)
    entiers = [date(a, m, 1) for a, m in periode.mois_entiers() if date(a, m, 1) < mois_courant]
    caches = {
        agregat.mois: agregat.lignes for agregat in AgregatMensuel.objects.filter(mois__in=entiers)
    }
    lignes = [_ligne(mois, *rangee) for mois, rangees in caches.items() for rangee in rangees]
    plages = _plages(periode, caches)
    if not plages:
        return lignes
    filtre = Q()
    for bas, haut in plages:
        filtre |= Q(quand__gte=bas, quand__lt=haut)
    comptees = _compter(filtre)
    a_garder = {mois: [] for mois in entiers if mois not in caches}
    for ligne in comptees:
        if ligne.mois in a_garder:
            a_garder[ligne.mois].append(
                [
                    ligne.accompagnement,
                    ligne.theme,
                    ligne.partenaire_id,
                    ligne.nombre,
                    ligne.lieu_id,
                    ligne.operateur_id,
                    ligne.theme_operateur_id,
                    ligne.issue,
                    ligne.transmission,
                ]
            )
    if a_garder:
        AgregatMensuel.objects.bulk_create(
            [AgregatMensuel(mois=mois, lignes=rangees) for mois, rangees in a_garder.items()],
            ignore_conflicts=True,
        )
    return lignes + comptees


@source
def totaux_historiques(periode):
    """Typed from the reports of before the app, each at its place."""
    couverts = Q(mois__isnull=True, annee__in=periode.annees_entieres())
    for annee, mois in groupby(periode.mois_entiers(), key=itemgetter(0)):
        couverts |= Q(annee=annee, mois__in=[m for _, m in mois])
    rangees = (
        TotalHistorique.objects.filter(couverts)
        .values("annee", "mois", "accompagnement", "lieu_id")
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
            lieu_id=rangee["lieu_id"],
        )
        for rangee in rangees
    ]
