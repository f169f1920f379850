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

The free slots and the places of the public pages have a version of their own
(`version_creneaux`, permanences.services.disponibilites and ruche.lieux_publics key their
caches by it): every write that may change a free slot (an appointment booked, moved or
cancelled; an occurrence generated, moved or cancelled; a closure; a démarche or what a
permanence serves; whatever decides a partner's convention term: an ending, a breach, an
amendment, a committee; a place or its hours) calls `changer_version_creneaux()` in its own
transaction, with the same effect. The model signals in permanences.receivers cover the admin
and every `save()`; bulk writes call it themselves.
"""

import hashlib
import secrets
import threading

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from ruche.models import VersionCreneaux, VersionDonnees

DONNEES = "donnees"
LIGNE_CRENEAUX = 1


# The versions read by the request under way in this thread; None outside a request
# (tasks, commands), which always read the database.
_requete = threading.local()


def _debut_requete(**kwargs):
    _requete.lues = {}


def _fin_requete(**kwargs):
    _requete.lues = None


request_started.connect(_debut_requete, dispatch_uid="ruche_versions_debut_requete")
request_finished.connect(_fin_requete, dispatch_uid="ruche_versions_fin_requete")


def version(nom=DONNEES):
    """The current version, or None when the row is missing (then nothing is cached)."""
    lues = getattr(_requete, "lues", None)
    if lues is not None and nom in lues:
        return lues[nom]
    valeur = VersionDonnees.objects.filter(pk=nom).values_list("valeur", flat=True).first()
    if lues is not None:
        lues[nom] = valeur
    return valeur


def changer_version(nom=DONNEES):
    """Gives the data a new version, in the caller's transaction.

    A random value rather than a counter: a database emptied and filled again (tests, a
    restore) never meets a version it had before, so a cache never serves an old page."""
    valeur = secrets.randbits(62)
    lues = getattr(_requete, "lues", None)
    if lues:
        lues.pop(nom, None)  # read again after the write, in the writer's transaction
    if not VersionDonnees.objects.filter(pk=nom).update(valeur=valeur):
        VersionDonnees.objects.update_or_create(pk=nom, defaults={"valeur": valeur})


def version_creneaux():
    """The current version of the free slots, or None when the row is missing (then nothing
    is cached)."""
    return (
        VersionCreneaux.objects.filter(pk=LIGNE_CRENEAUX).values_list("valeur", flat=True).first()
    )


def changer_version_creneaux():
    """Gives the free slots a new version, in the caller's transaction: what changes the
    slots changes the staff's pages too (`changer_version`)."""
    changer_version()
    valeur = secrets.randbits(62)
    if not VersionCreneaux.objects.filter(pk=LIGNE_CRENEAUX).update(valeur=valeur):
        VersionCreneaux.objects.update_or_create(pk=LIGNE_CRENEAUX, defaults={"valeur": valeur})


def _donnees_changees(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata
        changer_version()


def suivre(*modeles):
    """Every save or delete of these models (and of their many-to-many links) changes the
    data's version."""
    for modele in modeles:
        uid = f"version_donnees_{modele._meta.label}"
        post_save.connect(_donnees_changees, sender=modele, dispatch_uid=uid)
        post_delete.connect(_donnees_changees, sender=modele, dispatch_uid=uid)
        for champ in modele._meta.local_many_to_many:
            m2m_changed.connect(
                _donnees_changees,
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
