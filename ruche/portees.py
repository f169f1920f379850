"""The versions of what the public pages show, scoped: a write changes only what shows it.

The public pages (ruche.cache_pages) and what they are built from (free slots, places,
démarches, weekly permanences, the header's logos) are kept in the cache under the versions
of what they show, read in one query (ruche.versions, once per request):

- PUBLIC, what any public page may show of the network: the places, their hours and
  closures (the list of places), the organisations and their logos, the conventions (a
  partnership that ends empties its places' pages).
- `public:<slug>`, one place's offer: its démarches, sessions, free slots, bookings,
  workshops and registrations. A page under the place's address reads PUBLIC and it.
- TOUS, the pages under no place's address (every page of an install with one place; the
  list of places in a network; a secret link's page keys by its booking's place,
  `lieu_de_la_page`): every place's write changes it
  too, in its own transaction when the install has one place, else right after its commit
  (in the transaction, every booking of the network would wait for the others on that one
  row; a process that dies between the two leaves those pages a minute late at most).

The apps say which of their models the public pages show, with `suivre_public(modele,
lieux)` from their AppConfig.ready(): `lieux(instance, update_fields)` gives the ids of the
places an instance belongs to, None for the whole network, or [] when that write shows on no
public page.

Some pages show only part of a place's offer: a place's home and its list of démarches show
no booking, its workshops no booking either. A model may name the parts it belongs to
(`suivre_public(…, parties=("offre",))`); its writes then change, beside the place's
version, the version of each part (`public:<slug>:<part>`, and `public:*:<part>` as TOUS).
A page that shows only some parts says so by its URL's name (`montrer(parties, *vues)`): it
is keyed by PUBLIC and those parts' versions, so a booking, which belongs to no part, keeps
it. Every other page follows every write of the place.

A booking changes, beside its place's version, the free times of the démarches taking
appointments in its session (`partie_des_creneaux(slug)`, a part named by the démarche in
the page's address: their free slots, booking forms and kept summaries) and its own
version (`nom_de_l_objet`, changed in the transaction): a secret link's page is keyed by
the offer and its own booking (`objet_de_la_page`, read in the page's one query), so the
other bookings of its place keep it.

Writes no public page shows (a visit typed, a login's last_login, an attendance mark) change
no public version. The staff's and volunteers' pages have scoped versions of their own
(ruche.portees_personnel); the statistics keep the data's (ruche.versions.DONNEES), which
every followed write but the visitor log's changes, and the visitor log's (VISITEURS).
"""

import hashlib

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from ruche.versions import (
    changer_version,
    creer_version,
    renouveler,
    renouvellements_groupes,
    retenir,
    versions,
)

PUBLIC = "public"
LONGUEUR_NOM = 40  # VersionDonnees.nom
TOUS = "public:*"


def nom_du_lieu(slug):
    return f"public:{slug}"


# URL name of a page that shows only parts of its place's offer -> those parts (montrer)
_PARTIES_DES_PAGES = {}


def nom_de_la_partie(portee, partie):
    """The version of a part (see the module) of a place's pages (`nom_du_lieu(slug)`) or of
    the pages under no place's address (TOUS). A name longer than a version's (a place's and
    a démarche's slugs, 50 characters each) is shortened to a digest of it."""
    nom = f"{portee}:{partie}"
    if len(nom) <= LONGUEUR_NOM:
        return nom
    return f"public:#{hashlib.sha256(nom.encode()).hexdigest()[:32]}"


def partie_des_creneaux(slug_demarche):
    """The part of a place's offer that is the free times of one démarche (by its slug,
    unique in its place): the bookings of the sessions taking it change it."""
    return f"creneaux:{slug_demarche}"


def montrer(parties, *vues):
    """Declares that the public pages named `vues` (URL names, with or without the place's
    slug) show only these parts of their place's offer (see the module). A part may be a
    function of the URL's kwargs giving its name, or None (the free times of the démarche
    in the address)."""
    for vue in vues:
        _PARTIES_DES_PAGES[vue] = tuple(parties)


def parties_de_la_page(vue, kwargs=None):
    """The parts the page of this URL name shows, or None for all of the place's offer."""
    parties = _PARTIES_DES_PAGES.get(vue)
    if parties is None:
        return None
    noms = (partie(kwargs or {}) if callable(partie) else partie for partie in parties)
    return tuple(nom for nom in noms if nom)


# URL name of a page about one object of its own (a secret link's booking) -> function(URL's
# kwargs) giving (SQL, parameters) of a subquery of that object's version name, or None
_OBJETS_DES_PAGES = {}


def nom_de_l_objet(modele, pk):
    """The version of one object's own public page (a booking's secret link): its writes
    change it in their transaction."""
    return f"public:{modele}:{pk}"


def objet_de_la_page(vue, fonction):
    """Declares that the page named `vue` also shows one object of its own: `fonction(kwargs)`
    gives (the SQL of a subquery giving that object's version name, `nom_de_l_objet`, its
    parameters), or None. It is read in the page's one query of versions."""
    _OBJETS_DES_PAGES[vue] = fonction


def version_de_l_objet(vue, kwargs):
    """(SQL, parameters) of the version name of the object the page shows, or None."""
    fonction = _OBJETS_DES_PAGES.get(vue)
    return fonction(kwargs) if fonction is not None else None


# URL name of a page under no place's address that is about one place -> function(URL's
# kwargs) giving a QuerySet of that place's slug (one column), or None (lieu_de_la_page)
_LIEUX_DES_PAGES = {}


def lieu_de_la_page(vue, fonction):
    """Declares that the page named `vue`, under no place's address, shows one place's data
    (a secret link's booking): `fonction(kwargs)` gives a QuerySet of that place's slug, or
    None. The page is then keyed by that place's version instead of every place's (TOUS),
    read in the same one query (`version_de_la_page_sans_lieu`)."""
    _LIEUX_DES_PAGES[vue] = fonction


def version_de_la_page_sans_lieu(vue, kwargs):
    """The version of a page under no place's address: its place's when it is about one
    (`lieu_de_la_page`) and that place has a version, else TOUS; in one query."""
    fonction = _LIEUX_DES_PAGES.get(vue)
    sous_requete = fonction(kwargs) if fonction is not None else None
    if sous_requete is None:
        return version_publique()
    from django.db.models import CharField, Q, Subquery, Value
    from django.db.models.functions import Concat

    from ruche.models.version import VersionDonnees

    nom = Concat(Value("public:"), Subquery(sous_requete[:1]), output_field=CharField())
    lues = dict(
        VersionDonnees.objects.filter(Q(pk__in=[PUBLIC, TOUS]) | Q(pk=nom)).values_list(
            "pk", "valeur"
        )
    )
    reseau, tous = lues.pop(PUBLIC, None), lues.pop(TOUS, None)
    retenir({PUBLIC: reseau, TOUS: tous})  # the view reads them again when it renders
    if reseau is None:
        reseau = creer_version(PUBLIC)
    # What is left is the place's (a place never written yet has none: TOUS, which each of
    # its writes changes too, keys its pages until then).
    lieu = next(iter(lues.values()), tous)
    return reseau ^ (lieu or 0)


def version_publique(slug=None, parties=None, objet=None):
    """The version of a place's public pages (the place's slug), or of the pages under no
    place's address (None). Each write of the place or of the network changes it; a place
    never written yet has the network's. With `parties`, the version of pages showing only
    those parts of the offer (see the module): the writes of other parts keep it. With
    `objet` (`version_de_l_objet`), that object's too, read in the same query."""
    portee = nom_du_lieu(slug) if slug else TOUS
    if parties is None:
        noms = (PUBLIC, portee)
    else:
        noms = (PUBLIC, *(nom_de_la_partie(portee, partie) for partie in parties))
    if objet is not None:
        return _avec_l_objet(noms, objet)
    lues = versions(*noms)
    valeur = lues[PUBLIC] if lues[PUBLIC] is not None else creer_version(PUBLIC)
    for nom in noms[1:]:
        valeur ^= lues[nom] or 0
    return valeur


def _avec_l_objet(noms, objet):
    """`version_publique`'s names and the object's version (`objet`: (SQL of a subquery
    giving its name, its parameters)) in one query, written as SQL: it is every hit of a
    secret link's cached page, and the ORM's compiling of it cost more than the query."""
    from django.db import connection

    from ruche.models.version import VersionDonnees

    sous_requete, parametres = objet
    table = connection.ops.quote_name(VersionDonnees._meta.db_table)
    marques = ", ".join(["%s"] * len(noms))
    with connection.cursor() as curseur:
        curseur.execute(
            f"SELECT nom, valeur FROM {table} WHERE nom IN ({marques}) OR nom = ({sous_requete})",
            [*noms, *parametres],
        )
        lues = dict(curseur.fetchall())
    retenir({nom: lues.get(nom) for nom in noms})  # the view reads them again
    valeur = lues.pop(PUBLIC, None)
    if valeur is None:
        valeur = creer_version(PUBLIC)
    for nom in noms[1:]:
        valeur ^= lues.pop(nom, None) or 0
    # What is left is the object's (an object not written since it had a version has none).
    return valeur ^ (next(iter(lues.values()), None) or 0)


def version_reseau():
    """The version of what every public page may show of the network (places, hours,
    closures, organisations, conventions)."""
    valeur = versions(PUBLIC)[PUBLIC]
    return valeur if valeur is not None else creer_version(PUBLIC)


def _lieux():
    """The places (`Lieu.objects`), reached through the app registry: ruche.perimetre, which
    the models import for their querysets, imports this module."""
    return apps.get_model("ruche", "Lieu").objects


def _slugs_et_ailleurs(lieux):
    """([slug] of the places `lieux` (ids), whether the network has other places), in one
    query: each booking asks."""
    autre = _lieux().exclude(pk__in=lieux).order_by().values("pk")[:1]
    slugs, ailleurs = [], False
    for pk, slug in (
        _lieux().filter(Q(pk__in=lieux) | Q(pk__in=autre)).order_by().values_list("pk", "slug")
    ):
        if pk in lieux:
            slugs.append(slug)
        else:
            ailleurs = True
    return slugs, ailleurs


def _changer(portee, parties):
    # In one statement, also after the commit (TOUS), where it is a transaction of its own.
    with renouvellements_groupes():
        changer_version(portee)
        for partie in parties:
            changer_version(nom_de_la_partie(portee, partie))


def changer_objets(*noms):
    """New versions of objects' own pages (`nom_de_l_objet`) after a write that sends no
    signal, in the caller's transaction."""
    for nom in sorted(set(noms)):
        renouveler(nom)


def changer_public(lieux=None, parties=(), objets=()):
    """Gives new versions to the public pages of these places (ids) and to these parts of
    their offer in the caller's transaction, and to the pages under no place's address (see
    the module); without places, to every public page of the network. `objets` are the
    versions of objects' own pages (`nom_de_l_objet`), renewed in the transaction too."""
    changer_objets(*objets)
    if lieux is None:
        changer_version(PUBLIC)
        return
    lieux = set(lieux)
    slugs, ailleurs = _slugs_et_ailleurs(lieux)
    for slug in sorted(slugs):
        _changer(nom_du_lieu(slug), parties)
    if ailleurs:
        transaction.on_commit(lambda: _changer(TOUS, parties))
    else:  # one place: its pages are all under no place's address
        _changer(TOUS, parties)


def _lieux_de(fonction, instance, update_fields):
    try:
        return fonction(instance, update_fields=update_fields)
    except Exception:  # noqa: BLE001 - a relation gone with a cascade: the whole network
        return None


def suivre_public(modele, lieux, parties=()):
    """Every save or delete of `modele` changes the versions of the places `lieux(instance,
    update_fields=…)` names, and of these parts of their offer (see the module)."""

    def recevoir(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw:  # fixtures loaded with loaddata
            return
        ids = _lieux_de(lieux, instance, update_fields)
        if ids is None or ids:
            changer_public(None if ids is None else ids, parties)

    uid = f"public_{modele._meta.label}"
    post_save.connect(recevoir, sender=modele, weak=False, dispatch_uid=uid)
    post_delete.connect(recevoir, sender=modele, weak=False, dispatch_uid=uid)
    for champ in modele._meta.local_many_to_many:

        def lien_change(sender, instance, action, **kwargs):
            if action.startswith("post_"):
                ids = _lieux_de(lieux, instance, None)
                changer_public(None if ids is None else ids, parties)

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
