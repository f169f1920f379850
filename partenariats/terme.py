"""Term arithmetic of a convention, and its consolidated text: pure functions, no ORM.

Plain dataclasses come in, answers go out, so every rule can be tested on thousands of
dates. The rules come from the 2024 convention:

- Article 1: it applies from `debut` to `premiere_fin`, then is renewed for one year at a
  time by tacit renewal, after the follow-up committee held in the last quarter.
  Renewal for the next period holds unless the committee of the current period decided
  against it (or, when renewal is not tacit, holds only when it decided for it).
- Article 3: a breach of the internal rules ends the partnership at once, on the day the
  notification is received.
- Article 6: after a failure of the reciprocal commitments is notified, the convention
  lapses one month after the notification is received (calendar months: 31 January +
  1 month = 29 February in a leap year), unless the failure is remedied before that day.
  Only an amendment may change its terms; it takes effect on a given date, and may change
  the term too: the end of the period in progress, the length of later renewals, or no
  renewal after the period in progress.
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

# The articles a breach notification may rest on (Manquement.Article).
ARTICLE_REGLEMENT = 3  # internal rules: immediate end
ARTICLE_ENGAGEMENTS = 6  # reciprocal commitments: lapse one month after receipt

# Why a convention ended (Etat.motif_fin).
NON_RECONDUITE = "non_reconduite"
CADUQUE = "caduque"
ROMPUE = "rompue"
RESILIEE = "resiliee"


@dataclass(frozen=True)
class Comite:
    date: date
    decision: str = EN_ATTENTE


@dataclass(frozen=True)
class Notification:
    """A breach notified to the partner; it has no effect until it is received."""

    article: int = ARTICLE_ENGAGEMENTS
    recue_le: date | None = None  # acknowledgement of receipt
    remediee_le: date | None = None  # the failure was remedied (Article 6 only)

    @property
    def fin(self):
        """First day no longer in force because of it, or None."""
        if self.recue_le is None:
            return None
        if self.article == ARTICLE_REGLEMENT:
            return self.recue_le
        caduque = caduque_le(self.recue_le)
        if self.remediee_le is not None and self.remediee_le < caduque:
            return None
        return caduque

    def en_cours(self, jour):
        """Received by that day, lapse still ahead and not remedied yet (Article 6)."""
        return (
            self.article == ARTICLE_ENGAGEMENTS
            and self.recue_le is not None
            and self.recue_le <= jour
            and (self.remediee_le is None or self.remediee_le > jour)
        )


@dataclass(frozen=True)
class ChangementTerme:
    """What an amendment changes in the term, from its effective date on.

    `fin`: the new last day of the period in progress on that date; `mois_reconduction`:
    the length of every later renewal; `sans_reconduction`: the period in progress is
    the last one.
    """

    prend_effet_le: date
    fin: date | None = None
    mois_reconduction: int | None = None
    sans_reconduction: bool = False


@dataclass(frozen=True)
class _Troncon:
    """From period `numero` on, periods of `mois` months start on `debut`."""

    numero: int
    debut: date
    mois: int


@dataclass(frozen=True)
class Termes:
    """What decides the life of a convention."""

    debut: date
    premiere_fin: date
    mois_reconduction: int = 12
    reconduction_tacite: bool = True
    comites: tuple[Comite, ...] = ()
    # Breach notifications; a bare date is an Article 6 notification received that day.
    manquements: tuple[Notification | date, ...] = ()
    resiliee_le: date | None = None
    changements: tuple[ChangementTerme, ...] = ()  # from amendments
    troncons: tuple[_Troncon, ...] = field(init=False, repr=False, compare=False)
    dernieres: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.premiere_fin < self.debut:
            raise ValueError("La première fin précède le début.")
        if self.mois_reconduction < 1:
            raise ValueError("La durée de reconduction doit être d'au moins un mois.")
        notifications = tuple(
            n if isinstance(n, Notification) else Notification(ARTICLE_ENGAGEMENTS, n)
            for n in self.manquements
        )
        object.__setattr__(self, "manquements", notifications)
        troncons, dernieres = _appliquer_changements(self)
        object.__setattr__(self, "troncons", troncons)
        object.__setattr__(self, "dernieres", dernieres)


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
    motif_fin: str | None = None  # why it ends on fin_le (NON_RECONDUITE, CADUQUE…)

    @property
    def manquement_en_cours(self):
        return self.en_vigueur and self.caduque_le is not None


def caduque_le(notification):
    """The day a convention lapses after a breach notified on `notification` (Article 6)."""
    return notification + relativedelta(months=1)


def _troncon_de(troncons, numero):
    """The stretch holding period `numero` (>= 2), and the next stretch or None."""
    for index in range(len(troncons) - 1, -1, -1):
        if troncons[index].numero <= numero:
            suivant = troncons[index + 1] if index + 1 < len(troncons) else None
            return troncons[index], suivant
    raise ValueError(numero)


def _periode(debut, troncons, numero):
    if numero == 1:
        return PeriodeConvention(1, debut, troncons[0].debut - UN_JOUR)
    troncon, suivant = _troncon_de(troncons, numero)
    rang = numero - troncon.numero
    # Always counted from the stretch's anchor, so that month lengths never drift.
    commence = troncon.debut + relativedelta(months=troncon.mois * rang)
    if suivant is not None and numero == suivant.numero - 1:
        return PeriodeConvention(numero, commence, suivant.debut - UN_JOUR)
    return PeriodeConvention(
        numero, commence, troncon.debut + relativedelta(months=troncon.mois * (rang + 1)) - UN_JOUR
    )


def _numero(debut, troncons, jour):
    if jour < troncons[0].debut:
        return 1
    index = max(i for i, t in enumerate(troncons) if t.debut <= jour)
    troncon = troncons[index]
    suivant = troncons[index + 1] if index + 1 < len(troncons) else None
    mois = (jour.year - troncon.debut.year) * 12 + jour.month - troncon.debut.month
    numero = troncon.numero + max(0, mois // troncon.mois)
    if suivant is not None:
        numero = min(numero, suivant.numero - 1)
    while _periode(debut, troncons, numero).debut > jour:
        numero -= 1
    while _periode(debut, troncons, numero).fin < jour:
        numero += 1
    return numero


def _appliquer_changements(termes):
    """The schedule of periods once the amendments changing the term are applied, in the
    order they take effect, and the numbers of the periods they made the last."""
    troncons = [_Troncon(2, termes.premiere_fin + UN_JOUR, termes.mois_reconduction)]
    dernieres = []
    for changement in sorted(termes.changements, key=lambda c: c.prend_effet_le):
        if changement.prend_effet_le < termes.debut:
            raise ValueError("Un avenant ne prend pas effet avant le début de la convention.")
        if changement.mois_reconduction is not None and changement.mois_reconduction < 1:
            raise ValueError("La durée de reconduction doit être d'au moins un mois.")
        numero = _numero(termes.debut, troncons, changement.prend_effet_le)
        periode = _periode(termes.debut, troncons, numero)
        fin = periode.fin if changement.fin is None else changement.fin
        if fin < changement.prend_effet_le:
            raise ValueError("La nouvelle fin précède la prise d'effet de l'avenant.")
        mois = changement.mois_reconduction or _troncon_de(troncons, numero + 1)[0].mois
        troncons = [t for t in troncons if t.numero <= numero]
        troncons.append(_Troncon(numero + 1, fin + UN_JOUR, mois))
        dernieres = [n for n in dernieres if n < numero]
        if changement.sans_reconduction:
            dernieres.append(numero)
    return tuple(troncons), tuple(dernieres)


def periode_numero(termes, numero):
    """The n-th period as scheduled, whether or not it is reached."""
    return _periode(termes.debut, termes.troncons, numero)


def _numero_contenant(termes, jour):
    return _numero(termes.debut, termes.troncons, jour)


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
    derniers = list(termes.dernieres)
    if termes.reconduction_tacite:
        derniers += [n for n, decision in decisions.items() if decision == NE_PAS_RECONDUIRE]
    else:
        numero = 1
        while decisions.get(numero) == RECONDUIRE:
            numero += 1
        derniers.append(numero)
    return periode_numero(termes, min(derniers)) if derniers else None


def fins(termes):
    """{first day no longer in force: why}, for every ending known so far."""
    candidats = {}

    def noter(jour, motif):
        if jour not in candidats:
            candidats[jour] = motif

    if termes.resiliee_le is not None:
        noter(termes.resiliee_le, RESILIEE)
    for notification in termes.manquements:
        if notification.fin is not None:
            rompue = notification.article == ARTICLE_REGLEMENT
            noter(notification.fin, ROMPUE if rompue else CADUQUE)
    derniere = derniere_periode(termes)
    if derniere is not None:
        noter(derniere.fin + UN_JOUR, NON_RECONDUITE)
    return candidats


def fin_anticipee(termes):
    """First day no longer in force because of a termination or a breach, if any."""
    dates = [n.fin for n in termes.manquements if n.fin is not None]
    if termes.resiliee_le is not None:
        dates.append(termes.resiliee_le)
    return min(dates, default=None)


def dernier_jour(termes):
    """The last day in force, when known (None while it renews itself)."""
    candidats = fins(termes)
    return min(candidats) - UN_JOUR if candidats else None


def motif_fin(termes):
    """Why the convention ends on the day after `dernier_jour`, or None."""
    candidats = fins(termes)
    return candidats[min(candidats)] if candidats else None


def en_vigueur(termes, jour):
    """Is the convention in force on that day?"""
    if jour < termes.debut:
        return False
    fin = dernier_jour(termes)
    return fin is None or jour <= fin


def etat(termes, jour):
    """Everything the staff need to know about the convention on that day."""
    fin = dernier_jour(termes)
    motif = motif_fin(termes)
    if jour < termes.debut:
        return Etat(jour=jour, en_vigueur=False, pas_encore=True, fin_le=fin, motif_fin=motif)
    resiliee = termes.resiliee_le if termes.resiliee_le and termes.resiliee_le <= jour else None
    if fin is not None and jour > fin:
        return Etat(jour=jour, en_vigueur=False, fin_le=fin, resiliee_le=resiliee, motif_fin=motif)

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

    notifies = [caduque_le(n.recue_le) for n in termes.manquements if n.en_cours(jour)]
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
        motif_fin=motif,
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
