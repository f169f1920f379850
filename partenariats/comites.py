"""The follow-up committee's calendar rules (Articles 1 and 4): pure functions, no ORM.

- The committee meets in the last quarter of each period (October–December for a
  calendar year).
- Staff are reminded on the first day of that quarter and on the first day of the last
  month (1 October and 1 December) while no committee is planned.
- A period that ended without a committee held stays flagged until staff record what
  happened.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta

from partenariats import terme

# The two reminders, by name: stored with each reminder sent, so each goes once.
DEBUT_TRIMESTRE = "debut_trimestre"
DERNIER_MOIS = "dernier_mois"


def trimestre(termes, jour):
    """(first, last) day of the last quarter of the period holding the day, or None before
    the start."""
    periode = terme.periode_de(termes, jour)
    return periode.trimestre_comite if periode is not None else None


def dans_le_trimestre(termes, jour):
    bornes = trimestre(termes, jour)
    return bornes is not None and bornes[0] <= jour <= bornes[1]


def dates_de_rappel(periode):
    """{reminder name: its day} for the period: the first day of its last quarter and the
    first day of its last month."""
    debut_trimestre, fin = periode.trimestre_comite
    dernier_mois = max(debut_trimestre, fin + terme.UN_JOUR - relativedelta(months=1))
    return {DEBUT_TRIMESTRE: debut_trimestre, DERNIER_MOIS: dernier_mois}


def rappels_dus(periode, jour):
    """The reminders due by the day within the period, the latest last."""
    if not periode.contient(jour):
        return []
    dues = [(le, nom) for nom, le in dates_de_rappel(periode).items() if le <= jour]
    return [nom for le, nom in sorted(dues)]


def periodes_sans_comite(termes, *, tenus, expliquees, jour):
    """The periods over before the day, in force to their last day, in which no committee
    was held (`tenus`: dates of committees held) and whose absence staff have not explained
    (`expliquees`: last days of explained periods)."""
    resultat = []
    numero = 1
    while True:
        periode = terme.periode_numero(termes, numero)
        if periode.fin >= jour or not terme.en_vigueur(termes, periode.fin):
            return resultat
        tenu = any(periode.contient(d) for d in tenus)
        if not tenu and periode.fin not in expliquees:
            resultat.append(periode)
        numero += 1


def annee_du_comite(periode):
    """How staff name a period's committee: "comité 2026" for the period ending in 2026."""
    return periode.fin.year
