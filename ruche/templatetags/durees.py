from django import template

from ruche.verrouillage import duree_en_mots

register = template.Library()


@register.filter
def duree(valeur):
    """A timedelta in French words: {{ cooloff_timedelta|duree }} gives '1 heure'."""
    return duree_en_mots(valeur)
