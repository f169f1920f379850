"""Checks on uploaded files: the type is read from the content, never from the name."""

import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ruche.fichiers import TYPES_MIME, contenu_entier, type_du_contenu

# Markup a browser could run if it ever took the file for a page: a PDF or an image that
# holds it is a polyglot, refused whatever its first bytes say.
BALISES_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|meta|svg|form)[\s/>]",
    re.IGNORECASE,
)

# SVG: what a logo needs is shapes, text, gradients and local references; anything that
# runs code or loads another resource is refused.
SVG_ELEMENTS_INTERDITS = {"script", "foreignobject", "iframe", "object", "embed", "handler"}
SVG_URL_EXTERNE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(", re.IGNORECASE)


def _trop_lourd(fichier):
    if fichier.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier est trop lourd (%(taille)s). Le maximum est %(max)s.")
            % {
                "taille": filesizeformat(fichier.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="trop_lourd",
        )


def _mauvais_type(types):
    return ValidationError(
        _("Ce fichier n'est pas un %(types)s. Choisissez un fichier %(types)s.")
        % {"types": _(" ou ").join(types)},
        code="mauvais_type",
    )


def _verifier(fichier, types):
    if getattr(fichier, "_committed", False):
        return  # already stored and checked when it was uploaded
    _trop_lourd(fichier)
    type_mime = type_du_contenu(fichier)
    if type_mime not in {TYPES_MIME[t] for t in types}:
        raise _mauvais_type(types)
    if type_mime == TYPES_MIME["SVG"]:
        _verifier_svg(contenu_entier(fichier))
    elif BALISES_HTML.search(contenu_entier(fichier)):
        raise ValidationError(
            _("Ce fichier contient une page web cachée. Enregistrez-le de nouveau en %(type)s.")
            % {"type": next(t for t in types if TYPES_MIME[t] == type_mime)},
            code="contenu_cache",
        )


def _nom_local(nom):
    return nom.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _verifier_svg(contenu):
    """Refuses an SVG that could run code or load anything: scripts, event handlers
    (on…), links or references outside the file, DTDs and entities."""
    refus = ValidationError(
        _(
            "Ce logo SVG contient du code ou des liens vers d'autres fichiers. "
            "Choisissez une image PNG ou JPEG, ou un SVG simple."
        ),
        code="svg_dangereux",
    )
    if b"<?xml-stylesheet" in contenu.lower():
        raise refus
    try:
        racine = ElementTree.fromstring(contenu, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError) as exc:
        raise refus from exc
    if _nom_local(racine.tag) != "svg":
        raise refus
    for element in racine.iter():
        if not isinstance(element.tag, str) or _nom_local(element.tag) in SVG_ELEMENTS_INTERDITS:
            raise refus
        if _nom_local(element.tag) == "style" and SVG_URL_EXTERNE.search(element.text or ""):
            raise refus
        for attribut, valeur in element.attrib.items():
            nom = _nom_local(attribut)
            if nom.startswith("on"):
                raise refus
            if nom == "href" and not valeur.strip().startswith("#"):
                raise refus
            if SVG_URL_EXTERNE.search(valeur) or "javascript:" in valeur.lower():
                raise refus


def valider_pdf(fichier):
    """The scan of a signed document: a PDF, checked by its content, not too heavy."""
    _verifier(fichier, ("PDF",))


def valider_document(fichier):
    """A communication document: PDF, PNG or JPEG, checked by content."""
    _verifier(fichier, ("PDF", "PNG", "JPEG"))


def valider_logo(fichier):
    """A partner's logo: PNG, JPEG, or an SVG without scripts or external references."""
    _verifier(fichier, ("PNG", "JPEG", "SVG"))
