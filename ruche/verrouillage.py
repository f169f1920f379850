"""What the login page tells before and during the lockout django-axes applies.

The count comes from axes itself (same handler, same username and client address as the
lockout, see `ruche.reseau.adresse_client`), so the page never promises an attempt that axes
would refuse.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def duree_en_mots(duree):
    """'1 heure', '2 heures et 30 minutes', '1 jour'; an empty text for no duration."""
    if not duree:
        return ""
    minutes = int(duree.total_seconds() // 60)
    jours, minutes = divmod(minutes, 24 * 60)
    heures, minutes = divmod(minutes, 60)
    morceaux = [
        ngettext(singulier, pluriel, nombre) % {"n": nombre}
        for nombre, singulier, pluriel in (
            (jours, "%(n)d jour", "%(n)d jours"),
            (heures, "%(n)d heure", "%(n)d heures"),
            (minutes, "%(n)d minute", "%(n)d minutes"),
        )
        if nombre
    ]
    if not morceaux:
        return ngettext("%(n)d seconde", "%(n)d secondes", int(duree.total_seconds())) % {
            "n": int(duree.total_seconds())
        }
    if len(morceaux) == 1:
        return morceaux[0]
    return _("%(debut)s et %(fin)s") % {"debut": ", ".join(morceaux[:-1]), "fin": morceaux[-1]}


def duree_verrouillage(request=None):
    """How long a lockout lasts, in words."""
    return duree_en_mots(get_cool_off(request))


def essais_restants(request, username):
    """Failed logins left for this username from this client before axes locks it out;
    None when axes is off or the lockout is already on."""
    if not settings.AXES_ENABLED or getattr(request, "axes_locked_out", False):
        return None
    credentials = {"username": username}
    echecs = AxesProxyHandler.get_failures(request, credentials)
    return max(get_failure_limit(request, credentials) - echecs, 0)
