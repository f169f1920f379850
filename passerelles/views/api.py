"""The API, version 1 (`/api/v1/`): its operations, its errors in French, its OpenAPI
document (`/api/openapi.json`, generated from the code)."""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from passerelles.views import partenaires, publique

DESCRIPTION = """
API de la Ruche numérique : l'offre publique (lieux, démarches, créneaux libres, ateliers)
sans compte, et, avec la clé d'une organisation partenaire ou d'un lieu, ses rendez-vous,
ses inscriptions, ses séances et ses passages.

La clé s'envoie dans l'en-tête `Authorization: Bearer <clé>`. Le personnel de la Ruche la
crée et la révoque ; elle ne voit que ce que voient les membres de son organisation (ou le
personnel de son lieu). Chaque adresse a un nombre limité de requêtes par minute (réponse
429 avec `Retry-After` au-delà).

Les webhooks signés (Standard Webhooks) sont décrits dans `docs/api.md`.
"""


api = NinjaAPI(
    title="API de la Ruche numérique",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url=None,
)


@api.exception_handler(AuthenticationError)
def cle_refusee(request, exc):
    return api.create_response(
        request, {"detail": "Clé absente, inconnue ou révoquée."}, status=401
    )


@api.exception_handler(ValidationError)
def saisie_refusee(request, exc):
    champs = sorted(
        {".".join(str(p) for p in e.get("loc", [])[1:]) or "requête" for e in exc.errors}
    )
    return api.create_response(
        request, {"detail": "Paramètre invalide : " + ", ".join(champs) + "."}, status=422
    )


@api.exception_handler(HttpError)
def erreur_http(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("", publique.router)
api.add_router("", partenaires.router)
