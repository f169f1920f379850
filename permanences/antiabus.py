"""Public forms without an account: a rate limit per address, a honeypot, a fill time.

No third-party captcha: residents' browsers never call another site.
"""

import time
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SEL = "permanences.antiabus.jeton"


def adresse_client(request):
    """The client's address; behind our proxy, the last hop it appended."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "inconnue")


def trop_de_requetes(request, portee="public"):
    """Counts this post; True once the address went past the limit in the window."""
    key = f"limite:{portee}:{adresse_client(request)}"
    window = settings.LIMITE_FORMULAIRES_SECONDES
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.LIMITE_FORMULAIRES


def limite_par_adresse(view):
    """View decorator: POSTs past the limit get a French page with status 429."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and trop_de_requetes(request):
            response = render(request, "permanences/trop_de_requetes.html", status=429)
            response["Retry-After"] = str(settings.LIMITE_FORMULAIRES_SECONDES)
            return response
        return view(request, *args, **kwargs)

    return wrapped


def fabriquer_jeton(instant=None):
    """A signed timestamp put in the form when it is shown."""
    return signing.dumps(int(instant if instant is not None else time.time()), salt=SEL)


MESSAGE_ROBOT = _("Merci de vérifier vos réponses, puis de valider à nouveau.")
MESSAGE_EXPIRE = _("Le formulaire était ouvert depuis trop longtemps. Validez à nouveau.")


class AntiRobotForm(forms.Form):
    """Adds a field people never see (robots fill it) and a signed time of display."""

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
        try:
            shown = int(signing.loads(self._jeton_poste or "", salt=SEL))
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError(MESSAGE_EXPIRE, code="jeton") from None
        elapsed = time.time() - shown
        if elapsed < settings.FORMULAIRE_DUREE_MIN_SECONDES:
            raise forms.ValidationError(MESSAGE_ROBOT, code="trop_rapide")
        if elapsed > settings.FORMULAIRE_DUREE_MAX_SECONDES:
            raise forms.ValidationError(MESSAGE_EXPIRE, code="expire")
        return cleaned
