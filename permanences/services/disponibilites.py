"""Feeds the pure slot functions (permanences.creneaux) from the database in three queries."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from permanences.creneaux import Seance, creneaux_libres, par_jour
from permanences.models import Fermeture, Occurrence, Permanence, RendezVous
from ruche.formats import PARIS

ACCUEILS_SUR_RENDEZ_VOUS = (Permanence.Accueil.RENDEZ_VOUS, Permanence.Accueil.LES_DEUX)

# Staff and volunteers may record a walk-in whose slot has just begun, and book far ahead.
DELAI_MAX_GUICHET = timedelta(days=366)
# The public booking page shows a few days at a time, searched two weeks at a time.
JOURS_PAR_PAGE = 5
PAS_DE_RECHERCHE = timedelta(days=14)


def seances_de(demarche):
    """The sessions that take appointments for this démarche."""
    return Occurrence.objects.filter(
        permanence__demarches=demarche, permanence__accueil__in=ACCUEILS_SUR_RENDEZ_VOUS
    )


def fenetre(demarche, *, guichet=False):
    """(delai_min, delai_max) of the booking window, as timedeltas from now."""
    duree = timedelta(minutes=demarche.duree_minutes)
    if guichet:
        return -duree, DELAI_MAX_GUICHET
    return timedelta(hours=demarche.delai_min_heures), timedelta(days=demarche.delai_max_jours)


def creneaux_pour(
    *, demarche, depuis, jusqua, maintenant=None, guichet=False, occurrences=None, sauf=None
):
    """Free slots of the démarche starting in [depuis, jusqua).

    `occurrences` narrows the sessions (a queryset: one session, one organisation's); `sauf`
    is an appointment whose own interval does not count as taken (when it is being moved).
    Three queries, whatever the number of bookings.
    """
    maintenant = maintenant or timezone.now()
    delai_min, delai_max = fenetre(demarche, guichet=guichet)
    depuis = max(depuis, maintenant + delai_min)
    jusqua = min(jusqua, maintenant + delai_max + timedelta(seconds=1))
    if depuis >= jusqua:
        return []
    sessions = seances_de(demarche) if occurrences is None else occurrences
    rows = list(
        sessions.filter(fin__gt=depuis, debut__lt=jusqua)
        .order_by("debut")
        .values_list("pk", "debut", "fin", "statut")
        .distinct()
    )
    if not rows:
        return []
    taken = RendezVous.objects.actifs().filter(occurrence_id__in=[row[0] for row in rows])
    if sauf is not None:
        taken = taken.exclude(pk=sauf.pk)
    occupes = {}
    for cle, debut, fin in taken.values_list("occurrence_id", "debut", "fin"):
        occupes.setdefault(cle, []).append((debut, fin))
    first = timezone.localdate(rows[0][1])
    last = timezone.localdate(max(row[2] for row in rows))
    fermetures = Fermeture.objects.touchant(first, last).values_list("debut", "fin")
    slots = creneaux_libres(
        seances=[
            Seance(cle, debut, fin, statut == Occurrence.Statut.ANNULEE)
            for cle, debut, fin, statut in rows
        ],
        duree=timedelta(minutes=demarche.duree_minutes),
        occupes=occupes,
        fermetures=list(fermetures),
        maintenant=maintenant,
        delai_min=delai_min,
        delai_max=delai_max,
    )
    return [slot for slot in slots if depuis <= slot.debut < jusqua]


def prochains_creneaux(*, demarche, nombre=6, maintenant=None, guichet=False, occurrences=None):
    """The next free slots, looking ahead four weeks at a time up to the booking window."""
    maintenant = maintenant or timezone.now()
    _delai_min, delai_max = fenetre(demarche, guichet=guichet)
    depuis, horizon = maintenant, maintenant + delai_max
    found = []
    while depuis < horizon and len(found) < nombre:
        jusqua = depuis + timedelta(weeks=4)
        found += creneaux_pour(
            demarche=demarche,
            depuis=depuis,
            jusqua=jusqua,
            maintenant=maintenant,
            guichet=guichet,
            occurrences=occurrences,
        )
        depuis = jusqua
    return found[:nombre]


def jours_libres_depuis(*, demarche, depuis=None, sauf=None, maintenant=None):
    """The free slots grouped by day, from the day `depuis` on (None: now), a page of
    JOURS_PAR_PAGE days. Returns (days, the `depuis` of the next page or None)."""
    maintenant = maintenant or timezone.now()
    debut = maintenant
    if depuis is not None and depuis > timezone.localdate(maintenant):
        debut = datetime.combine(depuis, time(0), tzinfo=PARIS)
    horizon = maintenant + timedelta(days=demarche.delai_max_jours + 1)
    # Two weeks at a time: a page needs only its few days, whatever the window holds.
    creneaux = []
    while debut < horizon and len({creneau.jour for creneau in creneaux}) <= JOURS_PAR_PAGE:
        creneaux += creneaux_pour(
            demarche=demarche,
            depuis=debut,
            jusqua=min(debut + PAS_DE_RECHERCHE, horizon),
            maintenant=maintenant,
            sauf=sauf,
        )
        debut += PAS_DE_RECHERCHE
    jours = par_jour(creneaux)
    suite = None
    if len(jours) > JOURS_PAR_PAGE:
        suite = jours[JOURS_PAR_PAGE][0].isoformat()
    return jours[:JOURS_PAR_PAGE], suite
