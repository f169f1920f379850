"""Who may read the API, how often, and what is cached.

Public reads are cached whole with the data's version (ruche.versions, the one the public
pages use: a booking shows at once) for a minute at most, as the pages are (slots entering
or leaving the booking window), and are open to any origin (CORS). Every request counts
against its client address (ruche.limites, shared by every process).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from ninja.security import HttpBearer

from passerelles.services.cles import trouver_cle
from ruche.cache_pages import DUREE
from ruche.limites import compter
from ruche.reseau import cle_adresse
from ruche.versions import version


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


def lecture_publique(vue):
    """Limits, caches and opens to every origin a public read (see the module)."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        refus = _trop_de_requetes(request, settings.API_LIMITE_PAR_MINUTE, "api")
        if refus is not None:
            return _cors(refus)
        valeur = version()
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


def lecture_partenaire(vue):
    """Limits a keyed read (a key is a server's, never a browser's: no CORS)."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        refus = _trop_de_requetes(request, settings.API_LIMITE_CLE_PAR_MINUTE, "api-cle")
        if refus is not None:
            return refus
        return vue(request, *args, **kwargs)

    return enveloppe
