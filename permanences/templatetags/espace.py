"""The tabs of the volunteers' space, written once for the phone's folded list and the
wide screen's row."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (tab, URL name, label); the last one for the staff only.
ONGLETS = (
    ("semaine", "permanences:semaine", _("Semaine")),
    ("mois", "permanences:mois", _("Mois")),
    ("reserver", "permanences:reserver", _("Réserver une salle")),
    ("ateliers", "permanences:espace_ateliers", _("Ateliers et présences")),
    ("calendriers", "permanences:calendriers", _("Calendriers du semestre")),
    ("agenda", "permanences:agenda", _("Agenda du téléphone")),
    ("occupation", "permanences:occupation", _("Toutes les salles")),
)
POUR_LE_PERSONNEL = {"occupation"}


@register.simple_tag(takes_context=True)
def onglets_espace(context, courant):
    """[{url, libelle, courant}] of the tabs the person sees."""
    personnel = context.get("est_personnel", False)
    return [
        {"url": reverse(nom_url), "libelle": libelle, "courant": onglet == courant}
        for onglet, nom_url, libelle in ONGLETS
        if personnel or onglet not in POUR_LE_PERSONNEL
    ]
