"""Feeds the pure slot functions (permanences.creneaux) from the database in three queries,
and keeps the free slots residents see per démarche (a summary row the bookings refresh, and
the shared cache), keyed by their version."""

import bisect
import hashlib
from datetime import UTC, datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from partenariats.selecteurs.couverture import couvertures
from permanences.creneaux import Creneau, OccurrenceHoraire, creneaux_libres, par_jour
from permanences.models import CreneauxLibres, Demarche, Occurrence, Permanence, RendezVous
from ruche.formats import PARIS
from ruche.models import Fermeture
from ruche.portees import partie_des_creneaux, version_publique

ACCUEILS_SUR_RENDEZ_VOUS = (Permanence.Accueil.RENDEZ_VOUS, Permanence.Accueil.LES_DEUX)

# Staff and volunteers may record a walk-in whose slot has just begun, and book far ahead.
DELAI_MAX_GUICHET = timedelta(days=366)
# The public booking page shows a few days at a time, searched two weeks at a time.
JOURS_PAR_PAGE = 5
PAS_DE_RECHERCHE = timedelta(days=14)


def occurrences_de(demarche):
    """The occurrences that take appointments for this démarche."""
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

    `occurrences` narrows the occurrences (a queryset: one occurrence, one organisation's); `sauf`
    is an appointment whose own interval does not count as taken (when it is being moved).
    Three queries, whatever the number of bookings.
    """
    maintenant = maintenant or timezone.now()
    delai_min, delai_max = fenetre(demarche, guichet=guichet)
    return _creneaux(
        demarche=demarche,
        depuis=depuis,
        jusqua=jusqua,
        maintenant=maintenant,
        delai_min=delai_min,
        delai_max=delai_max,
        occurrences=occurrences,
        sauf=sauf,
    )


def _creneaux(*, demarche, depuis, jusqua, maintenant, delai_min, delai_max, occurrences, sauf):
    depuis = max(depuis, maintenant + delai_min)
    jusqua = min(jusqua, maintenant + delai_max + timedelta(seconds=1))
    if depuis >= jusqua:
        return []
    occurrences = occurrences_de(demarche) if occurrences is None else occurrences
    lignes = list(
        occurrences.filter(fin__gt=depuis, debut__lt=jusqua)
        .order_by("debut")
        .values_list("pk", "debut", "fin", "statut", "permanence__organisation_id")
        .distinct()
    )
    if not lignes:
        return []
    # No slot after the end of the partner's convention (Articles 1, 3 and 6).
    couvertes = couvertures({ligne[4] for ligne in lignes})
    lignes = [
        ligne[:4]
        for ligne in lignes
        if couvertes[ligne[4]].couvre(timezone.localdate(ligne[1]), demarche.lieu_id)
    ]
    if not lignes:
        return []
    pris = RendezVous.objects.actifs().filter(occurrence_id__in=[ligne[0] for ligne in lignes])
    if sauf is not None:
        pris = pris.exclude(pk=sauf.pk)
    occupes = {}
    for cle, debut, fin in pris.values_list("occurrence_id", "debut", "fin"):
        occupes.setdefault(cle, []).append((debut, fin))
    premier = timezone.localdate(lignes[0][1])
    dernier = timezone.localdate(max(ligne[2] for ligne in lignes))
    fermetures = Fermeture.objects.filter(lieu_id=demarche.lieu_id).touchant(premier, dernier)
    fermetures = fermetures.values_list("debut", "fin")
    libres = creneaux_libres(
        occurrences=[
            OccurrenceHoraire(cle, debut, fin, statut == Occurrence.Statut.ANNULEE)
            for cle, debut, fin, statut in lignes
        ],
        duree=timedelta(minutes=demarche.duree_minutes),
        occupes=occupes,
        fermetures=list(fermetures),
        maintenant=maintenant,
        delai_min=delai_min,
        delai_max=delai_max,
    )
    return [creneau for creneau in libres if depuis <= creneau.debut < jusqua]


def prochains_creneaux(*, demarche, nombre=6, maintenant=None, guichet=False, occurrences=None):
    """The next free slots. A resident's (every session, the public window): from the
    démarche's kept summary, as the free-slot page reads them (`creneaux_publics`: one or
    two queries, whatever the bookings; the list shown when a slot was just taken, while
    others book too). The desk's (`guichet`, `occurrences`) are searched among the bookings,
    four weeks at a time up to the booking window."""
    maintenant = maintenant or timezone.now()
    if not guichet and occurrences is None:
        return [
            Creneau(
                datetime.fromtimestamp(debut, UTC).astimezone(PARIS),
                datetime.fromtimestamp(fin, UTC).astimezone(PARIS),
                cle,
            )
            for cle, debut, fin in creneaux_publics(demarche=demarche, maintenant=maintenant)[
                :nombre
            ]
        ]
    return chercher_prochains_creneaux(
        demarche=demarche,
        nombre=nombre,
        maintenant=maintenant,
        guichet=guichet,
        occurrences=occurrences,
    )


def chercher_prochains_creneaux(*, demarche, nombre, maintenant, guichet=False, occurrences=None):
    """The next free slots searched among the bookings, four weeks at a time up to the
    booking window."""
    _delai_min, delai_max = fenetre(demarche, guichet=guichet)
    depuis, horizon = maintenant, maintenant + delai_max
    trouves = []
    while depuis < horizon and len(trouves) < nombre:
        jusqua = depuis + timedelta(weeks=4)
        trouves += creneaux_pour(
            demarche=demarche,
            depuis=depuis,
            jusqua=jusqua,
            maintenant=maintenant,
            guichet=guichet,
            occurrences=occurrences,
        )
        depuis = jusqua
    return trouves[:nombre]


# A cached list serves for this long after it was computed: it holds the slots up to the end
# of the booking window plus this margin, and each request keeps those inside its own window.
MARGE = timedelta(hours=1)
DUREE_CACHE = int(MARGE.total_seconds())


def _creneaux_publics(demarche, maintenant):
    """[(occurrence pk, start, end)] as UTC timestamps, sorted: every slot a resident may book
    from `maintenant` up to the end of the window plus MARGE."""
    delai_min, delai_max = fenetre(demarche)
    libres = _creneaux(
        demarche=demarche,
        depuis=maintenant,
        jusqua=maintenant + delai_max + MARGE + timedelta(seconds=1),
        maintenant=maintenant,
        delai_min=delai_min,
        delai_max=delai_max + MARGE,
        occurrences=None,
        sauf=None,
    )
    return [
        (creneau.cle, int(creneau.debut.timestamp()), int(creneau.fin.timestamp()))
        for creneau in libres
    ]


LIRE = object()  # "read the version now"


def version_de_l_offre(lieu=None):
    """The version of a place's offer (its démarches, sessions, workshops: ruche.portees),
    which a booking keeps; of the pages under no place's address without a place."""
    return version_publique(lieu.slug if lieu is not None else None, OFFRE)


OFFRE = ("offre",)


def demarches_publiques(version=LIRE, lieu=None):
    """{slug: Demarche} of the active démarches of a place (of every place when none is
    given: one install with one place), in display order; from the cache at the version of
    the place's offer (`version_de_l_offre`: saving a démarche gives a new one), else one
    query."""
    if version is LIRE:
        version = version_de_l_offre(lieu)
    cle_cache = f"demarches-actives:{version}:{lieu.pk if lieu is not None else ''}"
    trouves = cache.get(cle_cache) if version is not None else None
    if trouves is None:
        demarches = Demarche.objects.actives()
        if lieu is not None:
            demarches = demarches.filter(lieu=lieu)
        trouves = {demarche.slug: demarche for demarche in demarches}
        if version is not None:
            cache.set(cle_cache, trouves, DUREE_CACHE)
    return trouves


def demarches_a_proposer(version=LIRE, lieu=None):
    """[Demarche] of the booking list: the active démarches of the place, but those that
    only partners no longer in force today hold. From the first day a convention is no
    longer in force, its services leave the list (their pages stay, for old links); the
    Ruche's own and those nobody holds yet stay. Kept at the offer's version and the day."""
    if version is LIRE:
        version = version_de_l_offre(lieu)
    demarches = demarches_publiques(version, lieu)
    jour = timezone.localdate()
    cle_cache = f"demarches-sans-partenaire:{version}:{lieu.pk if lieu is not None else ''}:{jour}"
    retirees = cache.get(cle_cache) if version is not None else None
    if retirees is None:
        retirees = _tenues_par_des_partenaires_finis(demarches.values(), jour, lieu)
        if version is not None:
            cache.set(cle_cache, retirees, DUREE_CACHE)
    return [demarche for demarche in demarches.values() if demarche.pk not in retirees]


def _tenues_par_des_partenaires_finis(demarches, jour, lieu):
    """{démarche id} of those whose every holder is a partner no longer in force on the
    day; two queries and the conventions' (partenariats.selecteurs.couverture)."""
    tenues = {}
    for demarche_id, organisation_id in (
        Permanence.demarches.through.objects.filter(demarche__in=[d.pk for d in demarches])
        .values_list("demarche_id", "permanence__organisation_id")
        .distinct()
    ):
        tenues.setdefault(demarche_id, set()).add(organisation_id)
    couvertes = couvertures({o for organisations in tenues.values() for o in organisations})
    lieu_pk = lieu.pk if lieu is not None else None
    return {
        demarche_id
        for demarche_id, organisations in tenues.items()
        if not any(o is None or couvertes[o].couvre(jour, lieu_pk) for o in organisations)
    }


def creneaux_publics(*, demarche, maintenant=None, version=LIRE):
    """The free slots a resident may book now, as sorted (occurrence pk, start, end) with UTC
    timestamps; one query (the version) when the cache holds them.

    The list is computed once per version of the démarche's free times (`version_de`),
    kept in the démarche's summary row (CreneauxLibres: the bookings refresh it themselves)
    and in the shared cache; each call keeps the slots inside its own booking window."""
    maintenant = maintenant or timezone.now()
    version = version_de(demarche) if version is LIRE else version
    instant = maintenant.timestamp()
    entree = None
    cle_cache = f"creneaux-libres:{demarche.pk}:{version}"
    if version is not None:
        entree = cache.get(cle_cache)
    if entree is None or not _recent(entree[0], instant):
        entree = _resume(demarche, version, maintenant)
        if version is not None:
            cache.set(cle_cache, entree, DUREE_CACHE)
    delai_min, delai_max = fenetre(demarche)
    premier = (maintenant + delai_min).timestamp()
    dernier = (maintenant + delai_max).timestamp()
    return [creneau for creneau in entree[1] if premier <= creneau[1] <= dernier]


def version_de(demarche, lieu=None):
    """The version of the démarche's free slots: its place's offer and the démarche's free
    times (ruche.portees), which the bookings of its sessions change, not those of the
    place's other démarches. The place's slug is read only when neither `lieu` nor the
    démarche's place is loaded."""
    if lieu is None and Demarche.lieu.is_cached(demarche):
        lieu = demarche.lieu
    slug = lieu.slug if lieu is not None else _slug_du_lieu(demarche.lieu_id)
    return version_publique(slug, (*OFFRE, partie_des_creneaux(demarche.slug)))


def _slug_du_lieu(lieu_id):
    from ruche.models import Lieu

    return Lieu.objects.filter(pk=lieu_id).values_list("slug", flat=True).first()


def _recent(calcule_le, instant):
    return calcule_le <= instant < calcule_le + DUREE_CACHE


def _resume(demarche, version, maintenant):
    """(computed at, slots): the démarche's summary row when it is at `version` and recent,
    else the slots computed again from the bookings (and the row written)."""
    if version is not None:
        ligne = (
            CreneauxLibres.objects.filter(demarche_id=demarche.pk, version=version)
            .values_list("calcule_le", "creneaux")
            .first()
        )
        if ligne is not None and _recent(int(ligne[0].timestamp()), maintenant.timestamp()):
            return int(ligne[0].timestamp()), [tuple(creneau) for creneau in ligne[1]]
    return _calculer_resume(demarche, version, maintenant)


def _calculer_resume(demarche, version, maintenant, *, a_la_validation=False):
    """(computed at, slots) computed from the bookings, written in the démarche's summary
    row; with `a_la_validation` (a write's transaction), also put in the shared cache once
    it commits, so the first reader at the new version finds them there."""
    maintenant = maintenant.replace(microsecond=0)
    creneaux = _creneaux_publics(demarche, maintenant)
    entree = (int(maintenant.timestamp()), creneaux)
    if version is not None:
        CreneauxLibres.objects.bulk_create(
            [
                CreneauxLibres(
                    demarche_id=demarche.pk,
                    version=version,
                    calcule_le=maintenant,
                    creneaux=creneaux,
                )
            ],
            update_conflicts=True,
            unique_fields=["demarche"],
            update_fields=["version", "calcule_le", "creneaux"],
        )
        if a_la_validation:
            # Under the new version, which no reader sees before the commit; a transaction
            # rolled back leaves a key nobody will ask for.
            cle_cache = f"creneaux-libres:{demarche.pk}:{version}"
            transaction.on_commit(lambda: cache.set(cle_cache, entree, DUREE_CACHE))
    return entree


def rafraichir_creneaux(*occurrences):
    """Computes again the free slots of every public démarche these occurrences serve, in
    the caller's transaction (a booking, a move, a cancellation), once their versions
    changed: the pages read after the commit find them ready, at the new version, in the
    shared cache (else in the row), and no reader computes them again from every booking.

    The démarches' rows are locked first (in one order; not their key: bookings referring to
    them do not wait): two writes of one démarche in two sessions, each under its own
    session's lock, would otherwise compute its slots at the same moment, each without the
    other's booking, and the last to commit would leave a summary offering the other's time.
    The second one computes them after the first one's commit, which it then sees."""
    maintenant = timezone.now()
    servies = Demarche.objects.filter(
        permanences__occurrences__in=[o.pk for o in occurrences if o is not None]
    ).values("pk")
    demarches = (
        Demarche.objects.actives()
        .filter(pk__in=servies)
        .select_related("lieu")
        .select_for_update(no_key=True, of=("self",))
        .order_by("pk")
    )
    for demarche in demarches:
        version = version_de(demarche)
        if version is not None:
            _calculer_resume(demarche, version, maintenant, a_la_validation=True)


def creneau_propose(*, demarche, valeur, maintenant=None, version=LIRE):
    """Whether the (occurrence pk, start) a resident picked is among the free slots offered now
    (from the cache: one query). A booking checks again under the occurrence's lock."""
    cle, debut = valeur
    instant = int(debut.timestamp())
    return any(
        creneau[0] == cle and creneau[1] == instant
        for creneau in creneaux_publics(demarche=demarche, maintenant=maintenant, version=version)
    )


def jours_libres_publics(*, demarche, depuis=None, jours=5, maintenant=None, version=LIRE):
    """The first `jours` days with free slots from `depuis` (an aware datetime) on.

    Returns ([(local day, [Creneau])], the first day of the next page or None, a key of the
    page's content for caching its rendering)."""
    maintenant = maintenant or timezone.now()
    libres = creneaux_publics(demarche=demarche, maintenant=maintenant, version=version)
    indice = bisect.bisect_left(
        libres, (depuis or maintenant).timestamp(), key=lambda creneau: creneau[1]
    )
    liste_jours, suite = [], None
    for cle, debut, fin in libres[indice:]:
        creneau = Creneau(
            datetime.fromtimestamp(debut, UTC).astimezone(PARIS),
            datetime.fromtimestamp(fin, UTC).astimezone(PARIS),
            cle,
        )
        if not liste_jours or liste_jours[-1][0] != creneau.jour:
            if len(liste_jours) == jours:
                suite = creneau.jour
                break
            liste_jours.append((creneau.jour, []))
        liste_jours[-1][1].append(creneau)
    contenu = "|".join(
        [get_language() or "", str(demarche.pk), demarche.slug]
        + [c.valeur for _jour, creneaux_du_jour in liste_jours for c in creneaux_du_jour]
    )
    return liste_jours, suite, hashlib.sha256(contenu.encode()).hexdigest()


def jours_libres_depuis(*, demarche, depuis=None, sauf=None, maintenant=None, version=LIRE):
    """The free slots grouped by day, from the day `depuis` on (None: now), a page of
    JOURS_PAR_PAGE days. Returns (days, the `depuis` of the next page or None, a key of the
    page's content to cache its rendering, or None).

    What every resident sees comes from the shared cache; moving a booking (`sauf`, whose
    own slot is free for it) searches two weeks at a time."""
    maintenant = maintenant or timezone.now()
    debut = maintenant
    if depuis is not None and depuis > timezone.localdate(maintenant):
        debut = datetime.combine(depuis, time(0), tzinfo=PARIS)
    if sauf is None:
        jours, suite, cle = jours_libres_publics(
            demarche=demarche,
            depuis=debut,
            jours=JOURS_PAR_PAGE,
            maintenant=maintenant,
            version=version,
        )
        return jours, suite.isoformat() if suite else None, cle
    horizon = maintenant + timedelta(days=demarche.delai_max_jours + 1)
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
    return jours[:JOURS_PAR_PAGE], suite, None
