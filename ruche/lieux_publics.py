"""Which place a public page is about, and the addresses of a place's public pages.

With one place the pages keep their addresses (`/rendez-vous/…`); with several, `/` lists
the places and each has its pages under its slug (`/<slug>/rendez-vous/…`). A view wrapped
in `au_lieu` receives the place; templates and code reverse a public page for a place with
`url_lieu`, which picks the address for the number of places.

The places come from the shared cache at the network's public version (a place, its hours or
a closure saved gives a new one, ruche.portees) and the day.
"""

from functools import wraps

from django.core.cache import cache
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.models.lieu import plusieurs_lieux
from ruche.portees import version_publique, version_reseau

ESPACE_DE_NOMS = "lieu"
DUREE_CACHE = 3600


def _construire_lieux():
    from ruche.models import Fermeture, Lieu

    aujourdhui = timezone.localdate()
    # logo_lieu: the operating organisation's logo file ('' or None without one), for the header.
    lieux = list(
        Lieu.objects.prefetch_related("horaires")
        .annotate(logo_lieu=F("organisation__logo"))
        .order_by("nom", "pk")
    )
    fermes = set(
        Fermeture.objects.touchant(aujourdhui, aujourdhui).values_list("lieu_id", flat=True)
    )
    plusieurs = len(lieux) > 1
    for lieu in lieux:
        lieu.plusieurs = plusieurs
        lieu.ferme_aujourdhui = lieu.pk in fermes
        lieu.plages_aujourdhui = [
            (horaire.debut, horaire.fin)
            for horaire in lieu.horaires.all()
            if horaire.jour == aujourdhui.weekday()
        ]
    return lieux


def lieux_publics(version=None):
    """Every place, by name, each marked with `plusieurs` (the install has several places),
    `ferme_aujourdhui` and `plages_aujourdhui` (today's opening spans)."""
    if version is None:
        version = version_reseau()
    cle = f"lieux-publics:{version}:{timezone.localdate().isoformat()}"
    lieux = cache.get(cle) if version is not None else None
    if lieux is None:
        lieux = _construire_lieux()
        if not lieux:  # a fresh database: its first place comes from the settings
            from ruche.models.lieu import lieu_par_defaut

            lieu_par_defaut()
            lieux = _construire_lieux()
        if version is not None:
            cache.set(cle, lieux, DUREE_CACHE)
    return lieux


def lieu_public(slug=None, version=None):
    """(the place of this slug, or the only place when `slug` is None and the install has one,
    else None; whether the install has several places), as `lieux_publics` gives them. Kept
    in the cache per slug, at the same version and day: a page about one place reads that
    place, not every place of the network (33 unpickled at each page of a place before). An
    unknown slug is not kept."""
    if version is None:
        version = version_reseau()
    cle = f"lieu-public:{version}:{timezone.localdate().isoformat()}:{slug or ''}"
    trouve = cache.get(cle) if version is not None else None
    if trouve is None:
        lieux = lieux_publics(version)
        plusieurs = len(lieux) > 1
        if slug is None:
            lieu = None if plusieurs else lieux[0]
        else:
            lieu = next((candidat for candidat in lieux if candidat.slug == slug), None)
        trouve = (lieu, plusieurs)
        if version is not None and (lieu is not None or slug is None):
            cache.set(cle, trouve, DUREE_CACHE)
    return trouve


def url_lieu(nom, lieu=None, *args, plusieurs=None):
    """The address of the public page `nom` (a name of the un-prefixed page, such as
    "permanences:demarches") for `lieu`: under the place's slug when the install has several
    places, the un-prefixed address otherwise (or when no place is given)."""
    if lieu is not None:
        if plusieurs is None:
            plusieurs = getattr(lieu, "plusieurs", None)
            if plusieurs is None:
                plusieurs = lieu.plusieurs = plusieurs_lieux()
        if plusieurs:
            vue = nom.rpartition(":")[2]
            return reverse(f"{ESPACE_DE_NOMS}:{vue}", args=[lieu.slug, *args])
    return reverse(nom, args=args)


def nom_sans_lieu(vue):
    """The name of the un-prefixed page of a place's page named `vue`."""
    return vue if vue == "accueil" else f"permanences:{vue}"


def au_lieu(vue):
    """The view gets `lieu`: the place of the slug in the address (404 for no such place),
    or the only place; None for an un-prefixed address when there are several places. With
    one place, an address under its slug sends to the un-prefixed one. The request keeps
    the place (`request.lieu`; `request.reseau` when it is None) and the version of its
    offer it was read at (`request.version_offre`, ruche.portees), which keys its list of
    démarches."""

    @wraps(vue)
    def enveloppe(request, *args, lieu=None, **kwargs):
        trouve, plusieurs = lieu_public(lieu)
        if lieu is not None:
            if trouve is None:
                raise Http404(_("Ce lieu n'existe pas."))
            if not plusieurs:
                adresse = reverse(nom_sans_lieu(request.resolver_match.url_name), kwargs=kwargs)
                requete = request.META.get("QUERY_STRING")
                return redirect(f"{adresse}?{requete}" if requete else adresse)
        request.lieu = trouve
        # With one place its pages are under no place's address, whose versions change with
        # the place's in the same transaction (ruche.portees): those the page cache read.
        slug = trouve.slug if trouve is not None and plusieurs else None
        request.version_offre = version_publique(slug, ("offre",))
        # No place of several: the list of places, which speaks for the network, not one place.
        request.reseau = trouve is None
        return vue(request, *args, lieu=trouve, **kwargs)

    return enveloppe


def cle_code_postal(code_postal):
    """The sort key that puts the places nearest to a postcode first: the same postcode,
    then the same département, then the nearest postcodes by number."""

    def cle(lieu):
        if not lieu.code_postal.isdigit():
            return (2, 0, lieu.nom)
        meme_departement = lieu.code_postal[:2] == code_postal[:2]
        return (
            0 if meme_departement else 1,
            abs(int(lieu.code_postal) - int(code_postal)),
            lieu.nom,
        )

    return cle
