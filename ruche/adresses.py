"""The first words of the site's own addresses, read from the URL conf: a place's slug may
not take one. Below the models (a place's slug is checked against them) and above nothing of
ruche's."""

from django.urls import URLResolver, get_resolver

# Words no place slug may take although no page answers them yet: files, future pages.
MOTS_RESERVES = {"static", "media", "lieux", "lieu", "api", "favicon", "robots"}


def mots_reserves():
    """The first words of the site's addresses (rendez-vous, espace, admin…): a place's slug
    may not take one, or its pages would hide the site's own or be hidden by them."""
    mots = set(MOTS_RESERVES)

    def parcourir(motifs):
        for motif in motifs:
            premier = str(motif.pattern).lstrip("^").split("/")[0]
            if not premier and isinstance(motif, URLResolver):
                parcourir(motif.url_patterns)
            elif premier and "<" not in premier:
                mots.add(premier.split(".")[0])

    parcourir(get_resolver().url_patterns)
    return mots
