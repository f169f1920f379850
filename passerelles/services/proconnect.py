"""ProConnect (OpenID Connect) login for staff, volunteers and committee members.

The provider is configured from the environment (PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID,
PROCONNECT_CLIENT_SECRET); its endpoints come from its discovery document, read when a
login starts and kept an hour. A login matches one existing, active account by its e-mail,
when the provider vouches for that address: it never creates an account nor gives a role.
Each refusal has a reason the login page explains in plain French.
"""

import logging

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from ruche.comptes import ComptesBackend

logger = logging.getLogger(__name__)

# The endpoints read from the discovery document, by mozilla-django-oidc's setting names.
POINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DUREE_DECOUVERTE = 3600


class ProConnectIndisponible(Exception):
    """The provider's discovery document could not be read."""


def active():
    return bool(
        settings.PROCONNECT_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


def decouverte():
    """The provider's discovery document (from the cache, else fetched)."""
    issuer = settings.PROCONNECT_ISSUER.rstrip("/")
    cle = f"proconnect:decouverte:{issuer}"
    document = cache.get(cle)
    if document is None:
        try:
            reponse = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            reponse.raise_for_status()
            document = reponse.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProConnectIndisponible(str(exc)) from exc
        cache.set(cle, document, DUREE_DECOUVERTE)
    return document


def reglage(nom, *defaut):
    """A mozilla-django-oidc setting; the provider's endpoints from its discovery."""
    if nom in POINTS:
        return decouverte().get(POINTS[nom], *defaut) if defaut else decouverte()[POINTS[nom]]
    return import_from_settings(nom, *defaut)


class Refus(Exception):
    """Why a ProConnect login found no account (a code of MESSAGES in the view)."""

    def __init__(self, code, email=""):
        super().__init__(code)
        self.code = code
        self.email = email


class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, matching an existing account by verified e-mail."""

    get_settings = staticmethod(reglage)

    def __init__(self, *args, **kwargs):
        # Django builds every backend at each login, by password too: the provider's
        # endpoints are read only when a ProConnect login comes back (`authenticate`).
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not active() or request is None or "nonce" not in kwargs:
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except Refus as refus:
            request.refus_proconnect = refus
        except (requests.RequestException, ProConnectIndisponible) as exc:
            logger.warning("ProConnect injoignable : %s", exc)
            request.refus_proconnect = Refus("injoignable")
        except SuspiciousOperation as exc:  # a token whose signature or nonce is wrong
            logger.warning("ProConnect : jeton refusé : %s", exc)
            request.refus_proconnect = Refus("refuse")
        return None

    def verify_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            raise Refus("sans_email")
        verifie = claims.get("email_verified")
        # An explicit "not verified" always refuses; an absent claim counts as verified only
        # when the install trusts its provider to give checked addresses (ProConnect does).
        if verifie is False or (verifie is None and not settings.PROCONNECT_EMAILS_VERIFIES):
            raise Refus("email_non_verifie", email)
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(claims)
        email = claims["email"].strip()
        comptes = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if not comptes:
            raise Refus("inconnu", email)
        if len(comptes) > 1:
            raise Refus("plusieurs", email)
        if not comptes[0].is_active:
            raise Refus("desactive", email)
        return comptes[0]

    def get_user(self, user_id):
        # The account with its roles and places, read once per data version (ruche.comptes).
        return ComptesBackend().get_user(user_id)
