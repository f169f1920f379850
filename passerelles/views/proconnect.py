"""The ProConnect buttons' two addresses: the start of the login, and the provider's return.

A failure lands back on the login page with what happened in plain French, beside the
button (kept in the session until that page shows it once)."""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from passerelles.services.proconnect import ProConnectIndisponible, active, reglage
from ruche.roles import page_de_depart

CLE_SESSION = "proconnect_refus"


def messages_de_refus():
    return {
        "annule": _("Vous avez annulé la connexion avec ProConnect."),
        "refuse": _(
            "ProConnect n'a pas pu vous identifier. Réessayez, ou utilisez votre mot de passe."
        ),
        "expire": _(
            "La connexion a pris trop de temps ou a été ouverte dans un autre onglet. Recommencez."
        ),
        "injoignable": _(
            "ProConnect ne répond pas pour le moment. Réessayez plus tard, ou utilisez votre "
            "mot de passe."
        ),
        "sans_email": _("ProConnect n'a pas donné votre adresse e-mail : aucun compte trouvé."),
        "email_non_verifie": _(
            "ProConnect n'a pas confirmé votre adresse %(email)s. Utilisez votre mot de passe."
        ),
        "inconnu": _(
            "Aucun compte de la Ruche n'a l'adresse %(email)s. Demandez au personnel de la "
            "Ruche de mettre cette adresse sur votre compte, ou utilisez votre mot de passe."
        ),
        "plusieurs": _(
            "Plusieurs comptes de la Ruche ont l'adresse %(email)s. Demandez au personnel de "
            "la Ruche de n'en garder qu'un."
        ),
        "desactive": _("Le compte qui a l'adresse %(email)s est désactivé."),
    }


def _refuser(request, code, email=""):
    request.session[CLE_SESSION] = {"code": code, "email": email}
    return HttpResponseRedirect(reverse("login"))


class Demarrer(OIDCAuthenticationRequestView):
    get_settings = staticmethod(reglage)

    def dispatch(self, request, *args, **kwargs):
        if not active():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = reglage("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProConnectIndisponible:
            return _refuser(request, "injoignable")
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        # The endpoint is read in dispatch (the provider may be down when the view is built).
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = reglage("OIDC_RP_CLIENT_ID")


class Retour(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(reglage)

    def dispatch(self, request, *args, **kwargs):
        if not active():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def success_url(self):
        suivant = self.request.session.get("oidc_login_next")
        return suivant or reverse(page_de_depart(self.user))

    def get(self, request):
        if request.GET.get("error"):
            super().get(request)
            code = "annule" if request.GET["error"] == "access_denied" else "refuse"
            return _refuser(request, code)
        etat = request.GET.get("state")
        if not etat or etat not in request.session.get("oidc_states", {}):
            return _refuser(request, "expire")
        reponse = super().get(request)
        if getattr(self, "user", None) is not None and self.user.is_active:
            return reponse
        refus = getattr(request, "refus_proconnect", None)
        if refus is None:
            return _refuser(request, "refuse")
        return _refuser(request, refus.code, refus.email)


def bouton(request):
    """The login page's ProConnect part (ruche.connexion's registry): the button, and what
    went wrong with the last try, shown once."""
    if not active():
        return ""
    refus = request.session.pop(CLE_SESSION, None)
    message = None
    if refus:
        message = messages_de_refus().get(refus["code"], messages_de_refus()["refuse"]) % {
            "email": refus.get("email", "")
        }
    suivant = request.GET.get("next", "")
    return render_to_string(
        "passerelles/_proconnect.html",
        {"message": message, "suivant": suivant},
        request=request,
    )


def sortie(request):
    """The provider's logout address for a session opened with ProConnect (ruche.connexion's
    registry), asked before the session ends; None for a password login, or when the provider
    cannot be reached (the logout here still happens)."""
    jeton = request.session.get("oidc_id_token")
    if not jeton or not active():
        return None
    try:
        adresse = reglage("OIDC_OP_LOGOUT_ENDPOINT", None)
    except ProConnectIndisponible:
        return None
    if not adresse:
        return None
    parametres = {
        "id_token_hint": jeton,
        "state": secrets.token_urlsafe(16),
        "post_logout_redirect_uri": settings.SITE_URL.rstrip("/") + reverse("accueil"),
    }
    return f"{adresse}?{urlencode(parametres)}"
