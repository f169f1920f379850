from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def langues_du_site():
    """(code, name) of each language, named in itself: Django's own tag translates the
    names into the current language, and "Anglais" means nothing to an English reader."""
    return settings.LANGUAGES
