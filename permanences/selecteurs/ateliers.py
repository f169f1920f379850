import hashlib

from django.utils import timezone
from django.utils.translation import get_language

from partenariats.selecteurs.couverture import couvertures
from permanences.models import Atelier


def offerts(ateliers):
    """The workshops whose day is still covered by their organisation's convention: one
    dated after an announced end (an Article 6 lapse not reached yet, a committee's
    refusal) is no longer offered to residents, though its room is freed only when the
    ending step runs (Articles 1, 3 and 6)."""
    ateliers = list(ateliers)
    couvertes = couvertures({atelier.organisation_id for atelier in ateliers})
    return [
        atelier
        for atelier in ateliers
        if atelier.organisation_id is None
        or couvertes[atelier.organisation_id].couvre(
            timezone.localdate(atelier.fin), atelier.salle.lieu_id
        )
    ]


def ateliers_publics(maintenant=None, lieu=None):
    """The workshops to come with their free places (one query, and the conventions of
    their organisations), in the rooms of `lieu` when one is given, and a digest of what the
    list shows: the key of its cached rendering, which changes with any of it."""
    ateliers = (
        Atelier.objects.a_venir(maintenant)
        .avec_places()
        .select_related("salle")
        .order_by("debut", "pk")
    )
    if lieu is not None:
        ateliers = ateliers.filter(salle__lieu=lieu)
    ateliers = offerts(ateliers)
    contenu = repr(
        [get_language(), lieu.slug if getattr(lieu, "plusieurs", False) else ""]
        + [
            (a.pk, a.titre, a.debut.timestamp(), a.fin.timestamp(), a.public, a.places_libres)
            for a in ateliers
        ]
    )
    return ateliers, hashlib.sha256(contenu.encode()).hexdigest()
