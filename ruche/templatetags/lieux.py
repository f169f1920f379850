from django import template

from ruche import lieux_publics

register = template.Library()


@register.simple_tag(takes_context=True)
def url_lieu(context, nom, *args):
    """The address of a public page for the place of the page being shown (a staff page:
    the person's place, ruche.context_processors.lieu_des_pages):
    `{% url_lieu 'permanences:demarches' %}`, under the place's slug when there are several
    places (ruche.lieux_publics.url_lieu)."""
    lieu = getattr(context.get("request"), "lieu", None) or context.get("lieu_page")
    return lieux_publics.url_lieu(nom, lieu, *args)


@register.simple_tag
def champs_manquants_du_lieu(lieu):
    """[(field, label)] the place lacks for the open-data standards (empty when complete
    or when there is no place yet, as on the "add" form)."""
    from ruche.donnees_ouvertes.manquants import champs_manquants

    return champs_manquants(lieu) if lieu is not None and lieu.pk else []
