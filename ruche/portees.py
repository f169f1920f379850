"""The versions of what the public pages show, scoped: a write changes only what shows it.

The public pages (ruche.cache_pages) and what they are built from (free slots, places,
démarches, weekly permanences, the header's logos) are kept in the cache under the versions
of what they show, read in one query (ruche.versions, once per request):

- PUBLIC, what any public page may show of the network: the places, their hours and
  closures (the list of places), the organisations and their logos, the conventions (a
  partnership that ends empties its places' pages).
- `public:<slug>`, one place's offer: its démarches, sessions, free slots, bookings,
  workshops and registrations. A page under the place's address reads PUBLIC and it.
- TOUS, the pages under no place's address (every page of an install with one place; a
  secret link's page and the list of places in a network): every place's write changes it
  too, in its own transaction when the install has one place, else right after its commit
  (in the transaction, every booking of the network would wait for the others on that one
  row; a process that dies between the two leaves those pages a minute late at most).

The apps say which of their models the public pages show, with `suivre_public(modele,
lieux)` from their AppConfig.ready(): `lieux(instance, update_fields)` gives the ids of the
places an instance belongs to, None for the whole network, or [] when that write shows on no
public page. Writes no public page shows (a visit typed, a login's last_login, an attendance
mark) change no public version. The staff's and volunteers' pages have scoped versions of
their own (ruche.portees_personnel); the statistics keep the data's (ruche.versions.DONNEES),
which every followed write changes.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ruche.versions import changer_version, creer_version, versions

PUBLIC = "public"
TOUS = "public:*"


def nom_du_lieu(slug):
    return f"public:{slug}"


def version_publique(slug=None):
    """The version of a place's public pages (the place's slug), or of the pages under no
    place's address (None). Each write of the place or of the network changes it; a place
    never written yet has the network's."""
    noms = (PUBLIC, nom_du_lieu(slug) if slug else TOUS)
    lues = versions(*noms)
    reseau = lues[PUBLIC] if lues[PUBLIC] is not None else creer_version(PUBLIC)
    return reseau ^ (lues[noms[1]] or 0)


def version_reseau():
    """The version of what every public page may show of the network (places, hours,
    closures, organisations, conventions)."""
    valeur = versions(PUBLIC)[PUBLIC]
    return valeur if valeur is not None else creer_version(PUBLIC)


def _lieux():
    """The places (`Lieu.objects`), reached through the app registry: ruche.perimetre, which
    the models import for their querysets, imports this module."""
    return apps.get_model("ruche", "Lieu").objects


def version_du_lieu(lieu_id):
    """`version_publique` of the place with this id (one query more for its slug)."""
    slug = _lieux().filter(pk=lieu_id).values_list("slug", flat=True).first()
    return version_publique(slug) if slug else version_publique()


def _changer_tous():
    changer_version(TOUS)


def changer_public(lieux=None):
    """Gives new versions to the public pages of these places (ids) in the caller's
    transaction, and to the pages under no place's address (see the module); without places,
    to every public page of the network."""
    if lieux is None:
        changer_version(PUBLIC)
        return
    lieux = set(lieux)
    for slug in sorted(_lieux().filter(pk__in=lieux).values_list("slug", flat=True)):
        changer_version(nom_du_lieu(slug))
    if _lieux().exclude(pk__in=lieux).exists():
        transaction.on_commit(_changer_tous)
    else:  # one place: its pages are all under no place's address
        changer_version(TOUS)


def _lieux_de(fonction, instance, update_fields):
    try:
        return fonction(instance, update_fields=update_fields)
    except Exception:  # noqa: BLE001 - a relation gone with a cascade: the whole network
        return None


def suivre_public(modele, lieux):
    """Every save or delete of `modele` changes the versions of the places `lieux(instance,
    update_fields=…)` names (see the module)."""

    def recevoir(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw:  # fixtures loaded with loaddata
            return
        ids = _lieux_de(lieux, instance, update_fields)
        if ids is None or ids:
            changer_public(None if ids is None else ids)

    uid = f"public_{modele._meta.label}"
    post_save.connect(recevoir, sender=modele, weak=False, dispatch_uid=uid)
    post_delete.connect(recevoir, sender=modele, weak=False, dispatch_uid=uid)
    for champ in modele._meta.local_many_to_many:

        def lien_change(sender, instance, action, **kwargs):
            if action.startswith("post_"):
                ids = _lieux_de(lieux, instance, None)
                changer_public(None if ids is None else ids)

        m2m_changed.connect(
            lien_change,
            sender=champ.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}_{champ.name}",
        )


def ecriture_en_masse():
    """A bulk write (`update()`, `bulk_create`: no signal) that may change what the public
    and the staff's pages show: the data's version and every public page of the network, in
    the caller's transaction."""
    changer_version()
    changer_public()


def reseau(instance, update_fields=None):
    """For `suivre_public`: a model every public page of the network may show."""
    return None
