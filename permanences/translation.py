"""What staff type once per language (django-modeltranslation): each démarche's name,
description and papers to bring, each workshop's title and description. An empty
translation falls back to French, which the pages then mark `lang="fr"`
(ruche/templatetags/langues.py)."""

from modeltranslation.translator import TranslationOptions, register

from permanences.models import Atelier, Demarche
from permanences.models import atelier as atelier_
from permanences.models.demarche import CHAMPS_TRADUITS


@register(Demarche)
class DemarcheTranslationOptions(TranslationOptions):
    fields = CHAMPS_TRADUITS


@register(Atelier)
class AtelierTranslationOptions(TranslationOptions):
    fields = atelier_.CHAMPS_TRADUITS
