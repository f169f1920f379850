"""Public forms without an account: rate limits, a honeypot, a single-use fill-time token,
and daily caps on bookings per contact and per address.

Every count lives in the database (ruche.limites), so the limits hold whatever the number
of web processes. No third-party captcha: residents' browsers never call another site.
"""

import secrets
import time
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ruche.langues import nom_du_lieu
from ruche.limites import compter, decompter, empreinte, utiliser_jeton
from ruche.reseau import adresse_client, cle_adresse

__all__ = ["adresse_client"]

SEL = "permanences.antiabus.jeton"
JOUR = 86400


def trop_de_requetes(request, portee="public"):
    """Counts this post; True once the address went past the limit in the window."""
    count = compter(
        f"{portee}:{cle_adresse(request)}", secondes=settings.LIMITE_FORMULAIRES_SECONDES
    )
    return count > settings.LIMITE_FORMULAIRES


def reponse_trop_de_requetes(request, retry_after):
    response = render(request, "permanences/trop_de_requetes.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limite_par_adresse(view):
    """View decorator: POSTs past the limit get a French page with status 429."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and trop_de_requetes(request):
            return reponse_trop_de_requetes(request, settings.LIMITE_FORMULAIRES_SECONDES)
        return view(request, *args, **kwargs)

    return wrapped


def fabriquer_jeton(instant=None):
    """A signed time of display with a random part, put in the form when it is shown."""
    instant = int(instant if instant is not None else time.time())
    return signing.dumps([instant, secrets.token_urlsafe(12)], salt=SEL)


def _lire_jeton(jeton):
    """The time a token was made, or None if it is not one of ours."""
    try:
        instant, _nonce = signing.loads(jeton or "", salt=SEL)
        return int(instant)
    except (signing.BadSignature, ValueError, TypeError):
        return None


MESSAGE_ROBOT = _("Merci de vérifier vos réponses, puis de valider à nouveau.")
MESSAGE_EXPIRE = _("Le formulaire était ouvert depuis trop longtemps. Validez à nouveau.")
MESSAGE_DEJA_ENVOYE = _(
    "Ce formulaire a déjà été envoyé. Si vous n'avez pas reçu de confirmation, "
    "vérifiez vos réponses et validez à nouveau."
)


class AntiRobotForm(forms.Form):
    """Adds a field people never see (robots fill it) and a signed, single-use time of
    display."""

    site_web = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The posted token is checked; the form, if shown again, carries a fresh one.
        self.initial["jeton"] = fabriquer_jeton()
        self._jeton_poste = ""
        if self.is_bound:
            self._jeton_poste = self.data.get("jeton", "")
            self.data = self.data.copy()
            self.data["jeton"] = self.initial["jeton"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("site_web"):
            raise forms.ValidationError(MESSAGE_ROBOT, code="robot")
        affiche_le = _lire_jeton(self._jeton_poste)
        if affiche_le is None:
            raise forms.ValidationError(MESSAGE_EXPIRE, code="jeton")
        ecoule = time.time() - affiche_le
        if ecoule < settings.FORMULAIRE_DUREE_MIN_SECONDES:
            raise forms.ValidationError(MESSAGE_ROBOT, code="trop_rapide")
        if ecoule > settings.FORMULAIRE_DUREE_MAX_SECONDES:
            raise forms.ValidationError(MESSAGE_EXPIRE, code="expire")
        if not utiliser_jeton(self._jeton_poste):
            raise forms.ValidationError(MESSAGE_DEJA_ENVOYE, code="deja_envoye")
        return cleaned


# --- Daily caps on bookings --------------------------------------------------------------

MESSAGE_QUOTA_CONTACT = _(
    "Ce téléphone ou cet e-mail a déjà beaucoup de rendez-vous aujourd'hui. "
    "Pour un autre rendez-vous, appelez ou venez à %(lieu)s."
)
MESSAGE_QUOTA_ADRESSE = _(
    "Trop de rendez-vous ont été pris depuis votre appareil aujourd'hui. "
    "Réessayez demain. Ou appelez ou venez à %(lieu)s."
)


def normaliser_email(email):
    """One mailbox, one key: lower case, without a +suffix."""
    local, _at, domaine = email.strip().lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domaine}" if domaine else local


def _cles_contact(cleaned):
    cles = []
    if cleaned.get("telephone"):
        cles.append(("telephone", f"reservation:tel:{empreinte(cleaned['telephone'])}"))
    if cleaned.get("email"):
        cles.append(("email", f"reservation:mel:{empreinte(normaliser_email(cleaned['email']))}"))
    return cles


class Quota:
    """A booking's place in the daily caps, taken before the booking and given back if it
    does not go through. Counting first, then comparing, is what keeps concurrent posts
    from going past a cap."""

    def __init__(self, request, form):
        self.form = form
        self.lieu = getattr(request, "lieu", None)
        self.cles = [(None, f"reservation:ip:{cle_adresse(request)}")]
        self.cles += _cles_contact(form.cleaned_data)
        self.pris = []

    def prendre(self):
        """True if the booking may go on; else the form carries the reason."""
        refus = None
        for champ, cle in self.cles:
            self.pris.append(cle)
            limite = (
                settings.LIMITE_RESERVATIONS_PAR_ADRESSE
                if champ is None
                else settings.LIMITE_RESERVATIONS_PAR_CONTACT
            )
            if compter(cle, secondes=JOUR) > limite:
                refus = (champ, MESSAGE_QUOTA_ADRESSE if champ is None else MESSAGE_QUOTA_CONTACT)
                break
        if refus is None:
            return True
        self.rendre()
        champ, message = refus
        self.form.add_error(champ, message % {"lieu": nom_du_lieu(self.lieu)})
        return False

    def rendre(self):
        for cle in self.pris:
            decompter(cle, secondes=JOUR)
        self.pris = []
