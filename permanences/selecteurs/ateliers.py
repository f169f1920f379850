import hashlib

from django.utils.translation import get_language

from permanences.models import Atelier


def ateliers_publics(maintenant=None):
    """The workshops to come with their free places (one query), and a digest of what the
    list shows: the key of its cached rendering, which changes with any of it."""
    ateliers = list(Atelier.objects.a_venir(maintenant).avec_places().order_by("debut", "pk"))
    contenu = repr(
        [get_language()]
        + [
            (a.pk, a.titre, a.debut.timestamp(), a.fin.timestamp(), a.public, a.places_libres)
            for a in ateliers
        ]
    )
    return ateliers, hashlib.sha256(contenu.encode()).hexdigest()
