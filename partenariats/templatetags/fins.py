"""The warning of a convention ending soon, on the staff's and volunteers' pages."""

from django import template

from partenariats.selecteurs.alertes import fins_proches_pour as fins_de
from ruche.roles import est_personnel

register = template.Library()


@register.inclusion_tag("partenariats/_fins_proches.html", takes_context=True)
def fins_proches_pour(context):
    utilisateur = getattr(context.get("request"), "user", None)
    if utilisateur is None:
        return {"fins": []}
    return {"fins": fins_de(utilisateur), "personnel": est_personnel(utilisateur)}
