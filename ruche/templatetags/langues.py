from django import template
from django.conf import settings
from django.utils.dates import WEEKDAYS

register = template.Library()


@register.simple_tag
def langues_du_site():
    """(code, name) of each language, named in itself: Django's own tag translates the
    names into the current language, and "Anglais" means nothing to an English reader."""
    return settings.LANGUAGES


@register.simple_tag(takes_context=True)
def infos_ruche(context):
    """Address, phone, map link and hours of the page's place, or of the only place
    (ruche.horaires)."""
    from ruche.horaires import infos_ruche as infos

    return infos(getattr(context.get("request"), "lieu", None))


@register.filter
def jour_semaine(numero):
    """0 → "lundi" (Django's own catalogues name the days in each language)."""
    return WEEKDAYS[numero]
