"""Term arithmetic of a convention, and its consolidated text: pure functions, no ORM.

Plain dataclasses come in, answers go out, so every rule can be tested on thousands of
dates. The rules come from the 2024 convention:

- Article 1: it applies from `debut` to `premiere_fin`, then is renewed for one year at a
  time by tacit renewal, after the follow-up committee held in the last quarter.
  Renewal for the next period holds unless the committee of the current period decided
  against it (or, when renewal is not tacit, holds only when it decided for it).
- Article 6: after a breach is notified, the convention lapses one month later
  (calendar months: 31 January + 1 month = 29 February in a leap year).
  Only an amendment may change its terms; it takes effect on a given date.
- A termination ends it on its date.

Dates of ending are "first day no longer in force": lapsing on 29 February means in force
on the 28th, not on the 29th.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

UN_JOUR = timedelta(days=1)

# Committee decisions; the values are those stored by ComiteSuivi.Decision.
RECONDUIRE = "reconduire"
NE_PAS_RECONDUIRE = "ne_pas_reconduire"
EN_ATTENTE = "en_attente"


@dataclass(frozen=True)
class Comite:
    date: date
    decision: str = EN_ATTENTE


@dataclass(frozen=True)
class Termes:
    """What decides the life of a convention."""

    debut: date
    premiere_fin: date
    mois_reconduction: int = 12
    reconduction_tacite: bool = True
    comites: tuple[Comite, ...] = ()
    manquements: tuple[date, ...] = ()  # dates of notification of a breach
    resiliee_le: date | None = None

    def __post_init__(self):
        if self.premiere_fin < self.debut:
            raise ValueError("La première fin précède le début.")
        if self.mois_reconduction < 1:
            raise ValueError("La durée de reconduction doit être d'au moins un mois.")


@dataclass(frozen=True)
class PeriodeConvention:
    """One term of the convention: the first, then each tacit renewal (Article 1).

    Not `ruche.periodes.Periode` (any span of days): this one is numbered and has a
    committee quarter.
    """

    numero: int  # 1 for the first period
    debut: date
    fin: date  # last day, included

    def contient(self, jour):
        return self.debut <= jour <= self.fin

    @property
    def trimestre_comite(self):
        """The last quarter of the period, when the committee meets (Article 4)."""
        return max(self.debut, self.fin + UN_JOUR - relativedelta(months=3)), self.fin


@dataclass(frozen=True)
class Etat:
    """The convention seen on one day."""

    jour: date
    en_vigueur: bool
    periode: PeriodeConvention | None = None
    comite_tenu: Comite | None = None  # the latest committee of the period held by then
    comite_avant: date | None = None  # the next committee must meet by this date
    alerte_comite: bool = False  # in the last quarter and no committee held yet
    reconduction_le: date | None = None  # next renewal (first day of the next period)
    caduque_le: date | None = None  # a notified breach makes it lapse on this day
    resiliee_le: date | None = None
    fin_le: date | None = None  # last day in force, when it is known
    pas_encore: bool = False  # the day is before the start

    @property
    def manquement_en_cours(self):
        return self.en_vigueur and self.caduque_le is not None


def caduque_le(notification):
    """The day a convention lapses after a breach notified on `notification` (Article 6)."""
    return notification + relativedelta(months=1)


def periode_numero(termes, numero):
    """The n-th period as scheduled, whether or not it is reached."""
    if numero == 1:
        return PeriodeConvention(1, termes.debut, termes.premiere_fin)
    # Always counted from the anchor, so that month lengths never drift.
    ancre = termes.premiere_fin + UN_JOUR
    debut = ancre + relativedelta(months=termes.mois_reconduction * (numero - 2))
    suivant = ancre + relativedelta(months=termes.mois_reconduction * (numero - 1))
    return PeriodeConvention(numero, debut, suivant - UN_JOUR)


def _numero_contenant(termes, jour):
    if jour <= termes.premiere_fin:
        return 1
    ancre = termes.premiere_fin + UN_JOUR
    mois = (jour.year - ancre.year) * 12 + jour.month - ancre.month
    numero = 2 + max(0, mois // termes.mois_reconduction)
    while periode_numero(termes, numero).debut > jour:
        numero -= 1
    while periode_numero(termes, numero).fin < jour:
        numero += 1
    return numero


def periode_de(termes, jour):
    """The scheduled period containing the day (None before the start)."""
    if jour < termes.debut:
        return None
    return periode_numero(termes, _numero_contenant(termes, jour))


def _decisions(termes, jusqu_au=None):
    """The deciding committee decision of each period number (the latest one wins)."""
    decisions = {}
    for comite in sorted(termes.comites, key=lambda c: c.date):
        if jusqu_au is not None and comite.date > jusqu_au:
            continue
        if comite.date < termes.debut or comite.decision == EN_ATTENTE:
            continue
        decisions[_numero_contenant(termes, comite.date)] = comite.decision
    return decisions


def derniere_periode(termes):
    """The last period before the convention ends by its term, or None if it goes on."""
    decisions = _decisions(termes)
    if termes.reconduction_tacite:
        refus = [n for n, decision in decisions.items() if decision == NE_PAS_RECONDUIRE]
        return periode_numero(termes, min(refus)) if refus else None
    numero = 1
    while decisions.get(numero) == RECONDUIRE:
        numero += 1
    return periode_numero(termes, numero)


def fin_anticipee(termes):
    """First day no longer in force because of a termination or a breach, if any."""
    dates = [caduque_le(n) for n in termes.manquements]
    if termes.resiliee_le is not None:
        dates.append(termes.resiliee_le)
    return min(dates, default=None)


def dernier_jour(termes):
    """The last day in force, when known (None while it renews itself)."""
    candidats = []
    derniere = derniere_periode(termes)
    if derniere is not None:
        candidats.append(derniere.fin)
    anticipee = fin_anticipee(termes)
    if anticipee is not None:
        candidats.append(anticipee - UN_JOUR)
    return min(candidats, default=None)


def en_vigueur(termes, jour):
    """Is the convention in force on that day?"""
    if jour < termes.debut:
        return False
    fin = dernier_jour(termes)
    return fin is None or jour <= fin


def etat(termes, jour):
    """Everything the staff need to know about the convention on that day."""
    fin = dernier_jour(termes)
    if jour < termes.debut:
        return Etat(jour=jour, en_vigueur=False, pas_encore=True, fin_le=fin)
    resiliee = termes.resiliee_le if termes.resiliee_le and termes.resiliee_le <= jour else None
    if fin is not None and jour > fin:
        return Etat(jour=jour, en_vigueur=False, fin_le=fin, resiliee_le=resiliee)

    periode = periode_de(termes, jour)
    tenus = [c for c in termes.comites if periode.debut <= c.date <= jour]
    comite_tenu = max(tenus, key=lambda c: c.date, default=None)
    derniere = derniere_periode(termes)
    est_la_derniere = derniere is not None and derniere.numero == periode.numero
    anticipee = fin_anticipee(termes)
    reconduction = None
    if not est_la_derniere and (anticipee is None or anticipee > periode.fin):
        reconduction = periode.fin + UN_JOUR

    decide = _decisions(termes, jour).get(periode.numero)
    if decide is None and (anticipee is None or anticipee > periode.fin):
        comite_avant = periode.fin
    elif decide == RECONDUIRE and reconduction is not None:
        comite_avant = periode_numero(termes, periode.numero + 1).fin
    else:
        comite_avant = None
    debut_trimestre = periode.trimestre_comite[0]
    alerte = comite_avant == periode.fin and jour >= debut_trimestre and comite_tenu is None

    notifies = [caduque_le(n) for n in termes.manquements if n <= jour]
    return Etat(
        jour=jour,
        en_vigueur=True,
        periode=periode,
        comite_tenu=comite_tenu,
        comite_avant=comite_avant,
        alerte_comite=alerte,
        reconduction_le=reconduction,
        caduque_le=min(notifies, default=None),
        fin_le=fin,
    )


# --- Consolidated text (Article 6: only an amendment may change the terms) ---------------


@dataclass(frozen=True)
class TexteArticle:
    numero: int
    titre: str
    texte: str


@dataclass(frozen=True)
class Modification:
    """An amendment: from `prend_effet_le` on, its articles replace or add to the text."""

    numero: int
    prend_effet_le: date
    articles: tuple[TexteArticle, ...] = ()


@dataclass(frozen=True)
class ArticleConsolide:
    numero: int
    titre: str
    texte: str
    avenant: int | None = None  # the amendment that last wrote it, None for the original


@dataclass(frozen=True)
class Changement:
    numero: int
    avant: ArticleConsolide | None  # None: the amendment adds this article
    apres: ArticleConsolide

    @property
    def ajout(self):
        return self.avant is None


@dataclass(frozen=True)
class _Consolidation:
    articles: dict[int, ArticleConsolide] = field(default_factory=dict)

    def appliquer(self, modification):
        nouveaux = dict(self.articles)
        for article in modification.articles:
            nouveaux[article.numero] = ArticleConsolide(
                article.numero, article.titre, article.texte, modification.numero
            )
        return _Consolidation(nouveaux)


def _ordre(modifications):
    return sorted(modifications, key=lambda m: (m.prend_effet_le, m.numero))


def _origine(articles):
    return _Consolidation(
        {a.numero: ArticleConsolide(a.numero, a.titre, a.texte) for a in articles}
    )


def articles_en_vigueur(articles, modifications, jour=None):
    """The articles in force on the day, in order (`jour=None`: the text as signed)."""
    texte = _origine(articles)
    if jour is not None:
        for modification in _ordre(modifications):
            if modification.prend_effet_le <= jour:
                texte = texte.appliquer(modification)
    return [texte.articles[n] for n in sorted(texte.articles)]


def changements(articles, modifications):
    """What each amendment changed: {amendment number: [Changement, ...]}."""
    texte = _origine(articles)
    resultat = {}
    for modification in _ordre(modifications):
        suivant = texte.appliquer(modification)
        resultat[modification.numero] = [
            Changement(a.numero, texte.articles.get(a.numero), suivant.articles[a.numero])
            for a in sorted(modification.articles, key=lambda a: a.numero)
        ]
        texte = suivant
    return resultat
