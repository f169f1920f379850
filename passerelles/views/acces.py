"""Who may read the API, how often, and what is cached.

Public reads are cached whole, for a minute at most as the pages are (slots entering or
leaving the booking window), under the versions of what each answer shows (ruche.portees,
the ones the public pages use): the network's (places, hours, closures, organisations,
conventions) and the parts of one place's offer, or of every place's when the answer is
about every place. Each write renews them in its transaction (every place's, right after
it), so an answer follows each change it shows at once, while a booking keeps the answers
that do not show its démarche's free times: the places, the démarches, the workshops, and
the other places' and démarches' free slots. They are open to any origin (CORS). Every
request counts against its client address (ruche.limites, shared by every process).
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from ninja.security import HttpBearer

from passerelles.services.cles import trouver_cle
from ruche.cache_pages import DUREE
from ruche.limites import compter
from ruche.portees import version_publique
from ruche.reseau import cle_adresse

# What a place's or a démarche's slug may be: anything else names no version (and no place:
# the answer is a 404, not kept).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class CleApiBearer(HttpBearer):
    """A partner organisation's or a place's key."""

    openapi_description = "Clé d'une organisation partenaire ou d'un lieu (ruche_…)."

    def authenticate(self, request, token):
        cle = trouver_cle(token)
        if cle is not None:
            request.cle_api = cle
        return cle


def _trop_de_requetes(request, limite, compteur):
    """The 429 answer once the client address went past `limite` requests this minute
    (public and keyed reads counted apart)."""
    nombre = compter(f"{compteur}:{cle_adresse(request)}", secondes=60)
    if nombre <= limite:
        return None
    reponse = JsonResponse({"detail": "Trop de requêtes : réessayez dans une minute."}, status=429)
    reponse["Retry-After"] = "60"
    return reponse


def _cors(reponse):
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


def version_de_la_lecture(request, kwargs, parties, lieu):
    """The version of what a public read shows (see the module), or None when its place or
    démarche is not a slug (nothing is kept)."""
    slug = lieu(request, kwargs) if lieu is not None else None
    if callable(parties):
        parties = parties(kwargs)
    if parties is None or (slug is not None and not SLUG.fullmatch(slug)):
        return None
    return version_publique(slug, parties)


def lecture_publique(parties, lieu=None):
    """Limits, caches and opens to every origin a public read (see the module) showing these
    parts of a place's offer (ruche.portees; `()`: the network's places only), of the place
    `lieu(request, path's kwargs)` gives (its slug), or of every place when it gives None.
    `parties` may be a function of the path's kwargs giving them (None: not a slug)."""

    def decorer(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            refus = _trop_de_requetes(request, settings.API_LIMITE_PAR_MINUTE, "api")
            if refus is not None:
                return _cors(refus)
            valeur = version_de_la_lecture(request, kwargs, parties, lieu)
            cle = None
            if valeur is not None:
                texte = f"{valeur}|{request.get_full_path()}"
                cle = "api:" + hashlib.sha256(texte.encode()).hexdigest()
                trouve = cache.get(cle)
                if trouve is not None:
                    return _cors(HttpResponse(trouve, content_type="application/json"))
            reponse = vue(request, *args, **kwargs)
            if cle is not None and reponse.status_code == 200:
                cache.set(cle, reponse.content, DUREE)
            return _cors(reponse)

        return enveloppe

    return decorer


def lecture_partenaire(vue):
    """Limits a keyed read (a key is a server's, never a browser's: no CORS)."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        refus = _trop_de_requetes(request, settings.API_LIMITE_CLE_PAR_MINUTE, "api-cle")
        if refus is not None:
            return refus
        return vue(request, *args, **kwargs)

    return enveloppe
