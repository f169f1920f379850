"""The versions of what the staff's and volunteers' pages show, scoped: a write renews only
the parts that show it.

Their cached parts (the week's days, a volunteer's day, the day board's sessions and
workshops, its alerts and visitor counter) are kept under the versions of what they show,
read in the request's one query of versions (ruche.versions, ruche.comptes):

- ESPACE (ruche.versions), everything those pages show but visits, appointments and
  workshop registrations: sessions, workshops, rooms, closures, calendars, conventions,
  accounts, failed messages. Every write of a model followed with `suivre(…, nom=ESPACE)`
  changes it, and so does every bulk write (`changer_version()`). Every part reads it.
- The appointments (a booking, a cancellation, a move, an attendance mark, a note):
  `espace:rendez_vous:lieu:<pk>` of the place of their session's room (what its staff see),
  `espace:rendez_vous:organisation:<pk>` of the organisation holding the session (what its
  volunteers see), and `espace:rendez_vous:*` (whoever sees every place).
- The workshop registrations (a registration, a cancellation, a place given from the
  waiting list, an attendance mark), scoped the same way by the workshop's room's place and
  the organisation running it (`espace:inscriptions:…`): read by the day board's sessions
  and workshops and by its alerts (the waiting lists).
- The visits typed at the desk: `espace:passages:lieu:<pk>` and `espace:passages:*`, read by
  the day board's counter only.

So a visit typed renews the counter of its place's staff and nothing else, a booking the
parts that show its place's or its organisation's appointments, and a registration the day
boards of its workshop's place and organisation. The apps say which of their
models are scoped with `suivre_personnel(modele, famille, portee)` from their
AppConfig.ready(). Every version changes in the writer's transaction, as the data's does.
"""

import hashlib

from django.db.models.signals import post_delete, post_save, pre_save

from ruche.perimetre import lieux_visibles
from ruche.roles import est_personnel
from ruche.versions import ESPACE, creer_version, renouveler, versions

RENDEZ_VOUS = "rendez_vous"
INSCRIPTIONS = "inscriptions"
PASSAGES = "passages"


def nom_lieu(famille, lieu_id):
    return f"espace:{famille}:lieu:{lieu_id}"


def nom_organisation(famille, organisation_id):
    return f"espace:{famille}:organisation:{organisation_id}"


def nom_tous(famille):
    return f"espace:{famille}:*"


def changer_personnel(famille, *, lieux=(), organisations=()):
    """New versions of the family's parts of these places and organisations (ids), and of
    whoever sees every place, in the caller's transaction."""
    noms = {nom_tous(famille)}
    noms |= {nom_lieu(famille, pk) for pk in lieux if pk is not None}
    noms |= {nom_organisation(famille, pk) for pk in organisations if pk is not None}
    for nom in sorted(noms):  # in one order: two writers of the same rows never deadlock
        renouveler(nom)


def suivre_personnel(modele, famille, portee, *, champs=()):
    """Every save or delete of `modele` changes the versions of `famille` for the places and
    organisations `portee(instance)` gives as (place ids, organisation ids). A save changing
    one of `champs` (the relations `portee` follows) also changes those the row had before
    (an appointment moved to another session): one query more, for those saves only."""
    uid = f"personnel_{modele._meta.label}"

    def avant(sender, instance, raw=False, update_fields=None, **kwargs):
        instance._portee_avant = None
        if raw or instance._state.adding or instance.pk is None:
            return
        if update_fields is not None and not set(update_fields) & set(champs):
            return
        ancien = sender._base_manager.filter(pk=instance.pk).first()
        if ancien is not None:
            instance._portee_avant = portee(ancien)

    def apres(sender, instance, raw=False, **kwargs):
        if raw:
            return
        lieux, organisations = portee(instance)
        if precedente := getattr(instance, "_portee_avant", None):
            lieux, organisations = [*lieux, *precedente[0]], [*organisations, *precedente[1]]
        changer_personnel(famille, lieux=lieux, organisations=organisations)

    if champs:
        pre_save.connect(avant, sender=modele, weak=False, dispatch_uid=uid)
    post_save.connect(apres, sender=modele, weak=False, dispatch_uid=uid)
    post_delete.connect(apres, sender=modele, weak=False, dispatch_uid=uid)


def noms_vus(utilisateur, famille):
    """The versions of the family's rows the person sees: the staff those of their places
    (every place: one version), a volunteer those of their organisation."""
    if est_personnel(utilisateur):
        lieux = lieux_visibles(utilisateur)
        if lieux is None:
            return [nom_tous(famille)]
        return [nom_lieu(famille, pk) for pk in lieux]
    organisation = getattr(utilisateur, "organisation_id", None)
    return [nom_organisation(famille, organisation)] if organisation else []


def noms_rendez_vous(utilisateur):
    """The versions of the appointments the person sees."""
    return noms_vus(utilisateur, RENDEZ_VOUS)


def noms_inscriptions(utilisateur):
    """The versions of the workshop registrations the person sees."""
    return noms_vus(utilisateur, INSCRIPTIONS)


def noms_passages(utilisateur):
    """The versions of the visits the person counts: those of their places."""
    lieux = lieux_visibles(utilisateur)
    if lieux is None:
        return [nom_tous(PASSAGES)]
    return [nom_lieu(PASSAGES, pk) for pk in lieux]


def noms_du_compte(utilisateur):
    """Every version the person's pages read: the account backend reads them with the
    account's version, in one query (ruche.comptes)."""
    return [
        ESPACE,
        *noms_rendez_vous(utilisateur),
        *noms_inscriptions(utilisateur),
        *noms_passages(utilisateur),
    ]


def version_personnelle(*noms):
    """One value for ESPACE and these versions (read once per request, with the account's
    when the backend knew them), or None when nothing may be cached. A version never
    written yet counts as 0: its first write changes the value."""
    lues = versions(ESPACE, *noms)
    espace = lues[ESPACE] if lues[ESPACE] is not None else creer_version(ESPACE)
    if espace is None:
        return None
    if not noms:
        return str(espace)
    suite = "|".join(f"{nom}={lues[nom] or 0}" for nom in noms)
    return f"{espace}-{hashlib.sha256(suite.encode()).hexdigest()[:20]}"


def version_des_rendez_vous(utilisateur):
    """The version of the parts showing the person's sessions and appointments."""
    return version_personnelle(*noms_rendez_vous(utilisateur))


def version_du_jour(utilisateur):
    """The version of the day board's sessions and workshops: the person's appointments and
    workshop registrations."""
    return version_personnelle(*noms_rendez_vous(utilisateur), *noms_inscriptions(utilisateur))


def version_des_inscriptions(utilisateur):
    """The version of the parts showing the person's workshop registrations (the waiting
    lists' alerts)."""
    return version_personnelle(*noms_inscriptions(utilisateur))


def version_des_passages(utilisateur):
    """The version of the person's visitor counter."""
    return version_personnelle(*noms_passages(utilisateur))
