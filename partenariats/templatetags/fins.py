"""The warning of a convention ending soon, on the staff's and volunteers' pages."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from partenariats.selecteurs.alertes import fins_proches
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, has_role, is_personnel

register = template.Library()

# Advisory only: a few minutes late is fine, and the pages stay cheap.
DUREE_CACHE = 300


@register.inclusion_tag("partenariats/_fins_proches.html", takes_context=True)
def fins_proches_pour(context):
    request = context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not has_role(utilisateur, PERSONNEL, COMITE, BENEVOLE):
        return {"fins": []}
    jour = timezone.localdate()
    organisation_id = (
        None if has_role(utilisateur, PERSONNEL, COMITE) else utilisateur.organisation_id
    )
    if organisation_id is None and not has_role(utilisateur, PERSONNEL, COMITE):
        return {"fins": []}
    cle = f"fins-proches:{jour.isoformat()}:{organisation_id or 'toutes'}"
    fins = cache.get(cle)
    if fins is None:
        fins = [f.texte for f in fins_proches(jour, organisation_id=organisation_id)]
        cache.set(cle, fins, DUREE_CACHE)
    return {"fins": fins, "personnel": is_personnel(utilisateur)}
