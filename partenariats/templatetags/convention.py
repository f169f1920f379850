from django import template

from partenariats import texte

register = template.Library()


@register.filter
def blocs(valeur):
    return texte.blocs(valeur)


@register.filter
def en_lettres(nombre):
    return texte.en_lettres(nombre)


@register.filter
def get_item(dictionnaire, cle):
    return dictionnaire.get(cle, [])
