"""Versions of the data the staff's cached pages show (statistics, day board alerts).

Every save or delete of a followed model gives the data a new version in the writer's own
transaction: the new version shows to every process the moment that transaction commits,
never before, so a page cached under the old one is never served again. The apps list
their models with `suivre()` from their AppConfig.ready(); writes that send no signal
(bulk writes, `update()`) call `changer_version()` themselves.

Within one web request the version is read once (the account, the page's cached parts and
its alerts all ask for it): a request sees the data as of its first read, as if it had run
a moment earlier, and a write of the request itself makes the next read go to the database
again.

The visitor log has a version of its own (VISITEURS): the statistics' visitor tables are
keyed by both, their other sections by the data's only.

The public pages, their free slots and places have versions of their own, scoped by place
(ruche.portees, built on `versions`). Named versions (`suivre(…, nom=…)`) serve other
caches: the accounts kept per process (ruche.comptes.COMPTES).
"""

import hashlib
import secrets
import threading
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from ruche.models.version import VersionDonnees

DONNEES = "donnees"
# The visitor log (visits typed at the desk, historic totals): what the statistics' visitor
# tables show, and nothing else keyed by DONNEES does. A visit typed changes it, not DONNEES,
# so the statistics' other sections (bookings, workshops, conventions) outlive it.
VISITEURS = "donnees:visiteurs"
# What the staff's and volunteers' pages show but visits and appointments, which have
# versions scoped by place and organisation (ruche.portees_personnel).
ESPACE = "espace"


# The versions read by the request under way in this thread; None outside a request
# (tasks, commands), which always read the database.
_requete = threading.local()


def _debut_requete(**kwargs):
    _requete.lues = {}


def _fin_requete(**kwargs):
    _requete.lues = None


request_started.connect(_debut_requete, dispatch_uid="ruche_versions_debut_requete")
request_finished.connect(_fin_requete, dispatch_uid="ruche_versions_fin_requete")


# The versions renewed inside a `renouvellements_groupes()` block of this thread, not
# written yet: {name: new value}; None outside such a block.
_groupe = threading.local()


def _en_attente():
    return getattr(_groupe, "en_attente", None)


@contextmanager
def renouvellements_groupes():
    """Inside the block, the versions renewed are kept aside and written at its end, all in
    one statement and in one order; the block's own reads see them (as the writer's
    transaction would). For a write's transaction (a booking, a visit typed), the block
    inside `transaction.atomic()`: the rows renewed, several of them the whole network's
    (DONNEES, every place's appointments), are then locked from that statement to the
    commit only, not while the rest of the write runs (a booking's free slots computed
    again, its event), so the network's other writers do not queue behind it; and one
    statement instead of one per version. Nothing is written when the block raises. A
    block inside another one leaves the writing to the outer one."""
    if _en_attente() is not None:
        yield
        return
    _groupe.en_attente = en_attente = {}
    try:
        yield
    finally:
        _groupe.en_attente = None
    _ecrire(en_attente)


def _ecrire(valeurs):
    """Writes {name: value}, the rows made when missing (a version never written yet), in
    one statement (in autocommit too: no transaction of its own), in the names' order: two
    writers of the same rows never wait on each other in opposite orders."""
    if not valeurs:
        return
    noms = sorted(valeurs)
    table = connection.ops.quote_name(VersionDonnees._meta.db_table)
    lignes = ", ".join(["(%s, %s)"] * len(noms))
    with connection.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO {table} (nom, valeur) VALUES {lignes} "  # noqa: S608
            "ON CONFLICT (nom) DO UPDATE SET valeur = EXCLUDED.valeur",
            [valeur for nom in noms for valeur in (nom, valeurs[nom])],
        )


def version(nom=DONNEES):
    """The current version, or None when the row is missing (then nothing is cached)."""
    en_attente = _en_attente()
    if en_attente and nom in en_attente:
        return en_attente[nom]
    lues = getattr(_requete, "lues", None)
    if lues is not None and nom in lues:
        return lues[nom]
    valeur = VersionDonnees.objects.filter(pk=nom).values_list("valeur", flat=True).first()
    if lues is not None:
        lues[nom] = valeur
    return valeur


def changer_version(nom=DONNEES):
    """Gives the data a new version, in the caller's transaction; the data's (a bulk write,
    no signal: it may change anything) renews the staff's pages too (ESPACE).

    A random value rather than a counter: a database emptied and filled again (tests, a
    restore) never meets a version it had before, so a cache never serves an old page."""
    renouveler(nom)
    if nom == DONNEES:
        renouveler(ESPACE)


def renouveler(nom):
    """Gives the version `nom` a new value, in the caller's transaction, and nothing else."""
    valeur = secrets.randbits(62)
    lues = getattr(_requete, "lues", None)
    if lues:
        lues.pop(nom, None)  # read again after the write, in the writer's transaction
    en_attente = _en_attente()
    if en_attente is not None:
        en_attente[nom] = valeur  # written at the end of the block
    else:
        _ecrire({nom: valeur})


def oublier(*noms):
    """Deletes the rows of versions nothing will renew nor read again (the own version of a
    booking deleted), in the caller's transaction: without them a cache key counts them as
    never written, as before their first write."""
    en_attente = _en_attente()
    lues = getattr(_requete, "lues", None)
    for nom in noms:
        if en_attente:
            en_attente.pop(nom, None)
        if lues:
            lues.pop(nom, None)
    if noms:
        VersionDonnees.objects.filter(pk__in=noms).delete()


def creer_version(nom):
    """The version `nom`, its row made with a new value when it is missing (a database from
    before that version existed, or where nothing it follows was written since): for the
    versions every public or logged-in page reads, so that their caches work from the first
    request instead of waiting for a write. A random value, as `changer_version` gives."""
    en_attente = _en_attente()
    if en_attente and nom in en_attente:
        return en_attente[nom]
    valeur = VersionDonnees.objects.get_or_create(
        pk=nom, defaults={"valeur": secrets.randbits(62)}
    )[0].valeur
    lues = getattr(_requete, "lues", None)
    if lues is not None:
        lues[nom] = valeur
    return valeur


def _receveur(nom):
    def changee(sender, raw=False, update_fields=None, **kwargs):
        # Not for fixtures loaded with loaddata, nor a login's `last_login`: no page shows it.
        if not raw and not (update_fields and set(update_fields) <= {"last_login"}):
            renouveler(nom)

    return changee


_RECEVEURS = {}


def suivre(*modeles, nom=DONNEES):
    """Every save or delete of these models (and of their many-to-many links) changes the
    version `nom` (by default the data's)."""
    changee = _RECEVEURS.setdefault(nom, _receveur(nom))
    for modele in modeles:
        uid = f"version_{nom}_{modele._meta.label}"
        post_save.connect(changee, sender=modele, dispatch_uid=uid)
        post_delete.connect(changee, sender=modele, dispatch_uid=uid)
        for champ in modele._meta.local_many_to_many:
            m2m_changed.connect(
                changee,
                sender=champ.remote_field.through,
                dispatch_uid=f"{uid}_{champ.name}",
            )


def cle_personnelle(request, valeur):
    """The key of a staff page's cached part at the data's version `valeur`, or None (then
    nothing is cached): the same person, the same day, the same address and the same CSRF
    secret (the part holds forms whose tokens come from it; logging in again changes it)."""
    secret = request.META.get("CSRF_COOKIE")
    if valeur is None or not secret:
        return None
    return hashlib.sha256(
        "|".join(
            [
                str(valeur),
                str(timezone.localdate()),
                str(request.user.pk),
                secret,
                request.get_full_path(),
                get_language() or "",
            ]
        ).encode()
    ).hexdigest()


def retenir(lues):
    """{name: value or None} of versions read by a query of the caller's own (a subquery
    naming one, ruche.portees): kept for the rest of the request, as `versions` keeps its."""
    memoire = getattr(_requete, "lues", None)
    if memoire is not None:
        memoire.update(lues)


def _lire(noms):
    """{name: value} of the versions found, in one query written as SQL: it is every hit of
    a cached page, and the ORM's compiling of it cost about as much as the query."""
    table = connection.ops.quote_name(VersionDonnees._meta.db_table)
    with connection.cursor() as curseur:
        curseur.execute(
            f"SELECT nom, valeur FROM {table} WHERE nom IN ({', '.join(['%s'] * len(noms))})",
            list(noms),
        )
        return dict(curseur.fetchall())


def versions(*noms):
    """{name: value or None} of several versions, read in one query; like `version`, once
    per request (a write of the request itself makes the next read go to the database).
    Inside `renouvellements_groupes()`, the versions it renewed are its own, unwritten yet."""
    en_attente = _en_attente() or {}
    lues = getattr(_requete, "lues", None)
    manquants = [nom for nom in noms if nom not in en_attente and (lues is None or nom not in lues)]
    trouves = {}
    if manquants:
        trouves = _lire(manquants)
        if lues is not None:
            lues.update({nom: trouves.get(nom) for nom in manquants})
    resultat = {}
    for nom in noms:
        if nom in en_attente:
            resultat[nom] = en_attente[nom]
        elif lues is None:
            resultat[nom] = trouves.get(nom)
        else:
            resultat[nom] = lues[nom]
    return resultat
