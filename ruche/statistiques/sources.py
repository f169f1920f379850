"""Where the visitor figures come from: a small registry of *sources*.

A source is a function `source(periode) -> list[Ligne]` that returns the visits of a period
already aggregated by the database (one query whatever the number of rows): how many people
per month, kind of support, démarche theme and partner. Every table, chart, export and the
committee's report is built from the union of all sources, so a visit counted by one source
shows in every figure, and every table adds up to the same total.

Sources today:
- `passages`: the visitor log typed at the front desk (`Passage`). Its whole months are read
  from `CompteMensuel`, the counts by month, place and category that each visit typed,
  corrected or removed moves by one in its own transaction (ruche.models.compte), so a
  year's dashboard reads a few hundred rows instead of counting a million visits, and a
  visit typed throws nothing away;
- `totaux_historiques`: the figures of the years before the app (`TotalHistorique`), where
  `accompagnement=""` is "non ventilé" (counted in the total, kind unknown) and a total for
  a whole year has `mois=None` ("mois non précisé"). A historic total counts only when the
  period covers its whole month or year: it cannot be split;
- the sources other apps register from their AppConfig.ready() (sections.py): the
  appointments marked came and the workshop presences (permanences/statistiques.py).

So that nobody is counted twice, the front desk does not type these people (the visitor
log's page says so): a visit typed as "pris en charge par un partenaire" is someone received
by a partner without an appointment (the association's permanences take walk-ins too).

`CompteMensuel` holds the visitor log's rows only.

Adding a source is one function, here or in the app that owns the data, decorated with
`@source`, aggregating in the database (values().annotate(Count)) at the places asked for
and returning `Ligne`s.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from ruche.formats import PARIS
from ruche.models import CompteMensuel, Passage, TotalHistorique
from ruche.periodes import Periode, fin_de_mois
from ruche.statistiques.portees import version_des_activites
from ruche.statistiques.sections import aux_lieux, tout_le_reseau


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
# The sources whose lines are kept in the cache at the version of the appointments and
# workshops of the places counted (`source(gardee=True)`).
GARDEES = set()
DUREE_GARDEE = 3600


def source(fonction=None, *, gardee=False):
    """Registers a source of visitor figures under its function name: a function
    `(periode, *, lieux, par_lieu) -> [Ligne]` that counts the places `lieux` only (pks; None:
    every place), each place on its own lines when `par_lieu`, else added up (`lieu_id`
    None), which the tables that do not show places ask for.

    `gardee=True` for a source that reads the appointments and workshops, not the visitor
    log: its lines are kept in the cache at the version of the appointments and workshops
    of the places counted (ruche.statistiques.portees), so the visits typed all day, which
    renew the visitor tables, and the bookings at other places do not count a year of
    appointments again each time."""

    def enregistrer(fonction):
        SOURCES[fonction.__name__] = fonction
        if gardee:
            GARDEES.add(fonction.__name__)
        return fonction

    return enregistrer if fonction is None else enregistrer(fonction)


def _lignes_gardees(nom, fonction, periode, lieux, par_lieu):
    valeur = version_des_activites(lieux=lieux)
    if valeur is None:
        return fonction(periode, lieux=lieux, par_lieu=par_lieu)
    empreinte = f"{nom}|{valeur}|{periode.debut}|{periode.fin}|{lieux}|{par_lieu}"
    cle = "statistiques-source:" + hashlib.sha256(empreinte.encode()).hexdigest()
    lignes = cache.get(cle)
    if lignes is None:
        lignes = fonction(periode, lieux=lieux, par_lieu=par_lieu)
        cache.set(cle, lignes, DUREE_GARDEE)
    return lignes


def collecter(periode, lieux=None, *, par_lieu=True):
    """The aggregated rows of every source for the period, of the places `lieux` (pks;
    None: every place, consolidated); without `par_lieu`, the places added up."""
    if tout_le_reseau(lieux):
        lieux = None  # no filter to apply: the network's own counts
    lignes = []
    for nom, fonction in SOURCES.items():
        if nom in GARDEES:
            lignes.extend(_lignes_gardees(nom, fonction, periode, lieux, par_lieu))
        else:
            lignes.extend(fonction(periode, lieux=lieux, par_lieu=par_lieu))
    return lignes


# The columns the visitor log is counted by, after the month.
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


def _colonnes(par_lieu):
    return COLONNES if par_lieu else tuple(c for c in COLONNES if c != "lieu_id")


def _lignes(rangees, par_lieu):
    """Ligne of each (mois, *columns, nombre) row; `lieu_id` None when not `par_lieu`."""
    lignes = []
    for mois, acc, theme, partenaire_id, *autres, nombre in rangees:
        if not par_lieu:
            autres.insert(0, None)
        if hasattr(mois, "astimezone"):
            mois = mois.astimezone(PARIS).date()
        lignes.append(_ligne(mois, acc, theme, partenaire_id, nombre, *autres))
    return lignes


def _compter(filtre, lieux, par_lieu):
    """The visitor log counted by month and every column of COLONNES: one query."""
    rangees = (
        Passage.objects.filter(filtre)
        .filter(aux_lieux("lieu", lieux))
        .annotate(mois=TruncMonth("quand", tzinfo=PARIS))
        .values_list("mois", *_colonnes(par_lieu))
        .annotate(nombre=Count("*"))
        .order_by()
    )
    return _lignes(rangees, par_lieu)


def _des_comptes(mois, lieux, par_lieu):
    """The whole months `mois` read from the monthly counts: the network's own rows when
    every place is asked for and not place by place, else the places' rows. One query."""
    comptes = CompteMensuel.objects.filter(mois__in=mois, nombre__gt=0)
    colonnes = _colonnes(par_lieu)
    if par_lieu:
        comptes = comptes.filter(lieu__isnull=False).filter(aux_lieux("lieu", lieux))
        return _lignes(comptes.values_list("mois", *colonnes, "nombre"), par_lieu)
    if tout_le_reseau(lieux):
        comptes = comptes.filter(lieu__isnull=True)
        return _lignes(comptes.values_list("mois", *colonnes, "nombre"), par_lieu)
    rangees = (
        comptes.filter(lieu__in=lieux)
        .values_list("mois", *colonnes)
        .annotate(total=Sum("nombre"))
        .order_by()
    )
    return _lignes(rangees, par_lieu)


@source
def passages(periode, *, lieux=None, par_lieu=True):
    """The visitor log. Its whole months come from the monthly counts the writes keep
    (ruche.models.compte); the days of a month the period covers only in part are counted
    from the visits."""
    entiers = [date(a, m, 1) for a, m in periode.mois_entiers()]
    lignes = _des_comptes(entiers, lieux, par_lieu) if entiers else []
    filtre = Q()
    for mois in periode.mois():
        if mois in entiers:
            continue
        debut = max(mois, periode.debut)
        fin = min(fin_de_mois(mois.year, mois.month), periode.fin)
        bas, haut = Periode(debut, fin).bornes()
        filtre |= Q(quand__gte=bas, quand__lt=haut)
    if filtre:
        lignes += _compter(filtre, lieux, par_lieu)
    return lignes


@source
def totaux_historiques(periode, *, lieux=None, par_lieu=True):
    """Typed from the reports of before the app, each at its place."""
    couverts = Q(mois__isnull=True, annee__in=periode.annees_entieres())
    for annee, mois in groupby(periode.mois_entiers(), key=itemgetter(0)):
        couverts |= Q(annee=annee, mois__in=[m for _, m in mois])
    rangees = (
        TotalHistorique.objects.filter(couverts)
        .filter(aux_lieux("lieu", lieux))
        .values("annee", "mois", "accompagnement", *(("lieu_id",) if par_lieu else ()))
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
            lieu_id=rangee.get("lieu_id"),
        )
        for rangee in rangees
    ]
