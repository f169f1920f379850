"""What staff type once per language (django-modeltranslation): each démarche's name,
description and papers to bring. An empty translation falls back to French."""

from modeltranslation.translator import TranslationOptions, register

from permanences.models import Demarche
from permanences.models.demarche import CHAMPS_TRADUITS


@register(Demarche)
class DemarcheTranslationOptions(TranslationOptions):
    fields = CHAMPS_TRADUITS
