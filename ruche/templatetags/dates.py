from datetime import datetime

from django import template
from django.utils import timezone

from ruche.formats import date_longue as date_longue_texte

register = template.Library()


@register.filter
def date_longue(valeur):
    """{{ jour|date_longue }}: « 1er juillet 2026 », as `ruche.formats.date_longue` writes it
    in messages and documents; empty for no date."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime) and timezone.is_aware(valeur):
        valeur = timezone.localtime(valeur)
    return date_longue_texte(valeur)
