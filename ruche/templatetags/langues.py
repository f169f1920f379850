from django import template
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi

from ruche.langues import nom_du_lieu as nom_du_lieu_de
from ruche.langues import nom_en_phrase

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


@register.filter
def en_phrase(nom):
    """A place's name inside a sentence (ruche.langues.nom_en_phrase)."""
    return nom_en_phrase(nom)


@register.simple_tag(takes_context=True)
def nom_du_lieu(context):
    """The page's place inside a sentence (ruche.langues.nom_du_lieu)."""
    return nom_du_lieu_de(context.get("lieu_page"))


@register.simple_tag
def deux_points():
    """The colon after a label: French puts a space before it, English and Arabic do not
    (« Nom : Awa », "Name: Awa"). A plain space, which a text message keeps in GSM-7."""
    return " :" if get_language() == "fr" else ":"


def langue_affichee(objet, champ):
    """The language `objet.<champ>` shows in now: the page's when staff typed it in that
    language (django-modeltranslation's `<champ>_<code>`), else French, the fallback. A
    field with no translations (a place's presentation) is French."""
    courante = get_language()
    if courante == settings.LANGUAGE_CODE or getattr(objet, f"{champ}_{courante}", None):
        return courante
    return settings.LANGUAGE_CODE


def _attributs(langue):
    # dir as well: French punctuation inside an Arabic page sits at the end of its own run.
    return format_html(' lang="{}" dir="ltr"', langue)


@register.filter
def attributs_langue(objet, champ):
    """<p{{ demarche|attributs_langue:"description" }}>: ` lang="fr" dir="ltr"` when the
    element shows French text on an English or Arabic page (WCAG 3.1.2), else nothing."""
    langue = langue_affichee(objet, champ)
    return "" if langue == get_language() else _attributs(langue)


@register.filter
def en_langue(objet, champ):
    """{{ demarche|en_langue:"nom" }}: the text in the page's language, or the French one
    in a <span> that says so (see attributs_langue)."""
    texte = getattr(objet, champ)
    langue = langue_affichee(objet, champ)
    if langue == get_language() or not texte:
        return texte
    return format_html("<span{}>{}</span>", _attributs(langue), texte)


@register.filter
def ltr(texte):
    """A phone number, a masked address, a link inside a sentence: isolated left to right,
    so « 06 •• •• •• 72 » keeps its order in an Arabic sentence (Unicode bidi rule N1
    would turn the run of digits and dots around)."""
    if not texte or not get_language_bidi():
        return texte
    return format_html('<bdi dir="ltr">{}</bdi>', texte)


@register.simple_tag
def fleche_retour():
    """The arrow of a link back: it points where the reader came from, to the left in
    French and English, to the right in Arabic. Hidden from screen readers, which read the
    link's words."""
    return format_html('<span aria-hidden="true">{}</span>', "→" if get_language_bidi() else "←")
