"""Checks on uploaded files: the type is read from the content, never from the name."""

import io
import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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
# Animation (SMIL) writes other attributes while the image shows: `<set attributeName=
# "onclick" to="…">` adds an event handler, `<animate attributeName="href" values="java…">`
# a link, after the check has read the file. An animation of a logo may move shapes and
# colours, never an event, a link or a style.
SVG_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
SVG_CIBLES_INTERDITES = {"href", "src", "style", "action", "formaction", "attributename"}
# A link that runs code, however it is written: the parser has already turned the entities
# (&#x09;) into characters; spaces and control characters are ignored by browsers there.
SVG_SCHEMA_ACTIF = re.compile(r"(?:javascript|vbscript|data):")
SVG_INVISIBLES = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u200b-\u200d\u2028\u2029\ufeff]")


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
        return
    if type_mime == TYPES_MIME["PDF"]:
        _verifier_pdf_inerte(contenu_entier(fichier))
    if BALISES_HTML.search(contenu_entier(fichier)):
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
        if _nom_local(element.tag) in SVG_ANIMATIONS and _anime_un_attribut_actif(element):
            raise refus
        for attribut, valeur in element.attrib.items():
            nom = _nom_local(attribut)
            if nom.startswith("on"):
                raise refus
            if nom == "href" and not valeur.strip().startswith("#"):
                raise refus
            if SVG_URL_EXTERNE.search(valeur) or _lien_actif(valeur):
                raise refus


def _lien_actif(valeur):
    return SVG_SCHEMA_ACTIF.search(SVG_INVISIBLES.sub("", valeur).lower()) is not None


def _anime_un_attribut_actif(element):
    """An animation element whose target is an event handler, a link or a style (or which
    names no target, so the browser's default may be one of them)."""
    cible = next(
        (valeur for attribut, valeur in element.attrib.items()
         if _nom_local(attribut) == "attributename"),
        None,
    )  # fmt: skip
    if _nom_local(element.tag) in ("animatetransform", "animatemotion") and cible is None:
        return False  # they move the shape itself
    if cible is None:
        return True
    cible = _nom_local(SVG_INVISIBLES.sub("", cible))
    return cible.startswith("on") or cible in SVG_CIBLES_INTERDITES


# PDF: names that run code, start a program, carry other files or send data, wherever
# they appear; and actions run by themselves (on opening, on a page, a field) other than
# going to a page of the document.
PDF_NOMS_INTERDITS = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/SubmitForm",
    "/ImportData",
    "/GoToE",
}
PDF_NOMS_BRUTS = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE"
    rb"|AA|OpenAction|ObjStm)(?![A-Za-z0-9])"
)
PDF_ECHAPPEMENT = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_DEBUT_FLUX = re.compile(rb"(?<![A-Za-z])stream\r?\n")


def _hors_flux(contenu):
    """The file's bytes without the data of its streams (images, page contents): what is
    left is the dictionaries a reader acts on."""
    morceaux, position = [], 0
    while debut := PDF_DEBUT_FLUX.search(contenu, position):
        fin = contenu.find(b"endstream", debut.end())
        if fin == -1:
            break  # no end: the rest is checked as it is
        morceaux.append(contenu[position : debut.start()])
        position = fin + len(b"endstream")
    morceaux.append(contenu[position:])
    return b"".join(morceaux)


def _refus_pdf():
    return ValidationError(
        _(
            "Ce PDF contient du code ou des actions automatiques. "
            "Enregistrez-le de nouveau avec « Imprimer en PDF », puis déposez ce nouveau fichier."
        ),
        code="pdf_actif",
    )


def _action_automatique(valeur):
    """An /OpenAction or an /AA entry: fine when it only shows a page of the document."""
    valeur = valeur.get_object() if isinstance(valeur, IndirectObject) else valeur
    if isinstance(valeur, ArrayObject):
        return False  # a destination: a page and a zoom
    return not (isinstance(valeur, DictionaryObject) and valeur.get("/S") == "/GoTo")


def _objet_actif(objet):
    if isinstance(objet, NameObject):
        return objet in PDF_NOMS_INTERDITS
    if isinstance(objet, DictionaryObject):
        return "/AA" in objet or (
            "/OpenAction" in objet and _action_automatique(objet["/OpenAction"])
        )
    return False


def _objets_du_pdf(lecteur):
    """Every object the file declares (object streams included) and every one reachable
    from its trailer, each once."""
    a_voir = [lecteur.trailer]
    for generation, numeros in lecteur.xref.items():
        a_voir += [IndirectObject(numero, generation, lecteur) for numero in numeros]
    a_voir += [IndirectObject(numero, 0, lecteur) for numero in lecteur.xref_objStm]
    vus = set()
    while a_voir:
        objet = a_voir.pop()
        if isinstance(objet, IndirectObject):
            if (objet.idnum, objet.generation) in vus:
                continue
            vus.add((objet.idnum, objet.generation))
            objet = objet.get_object()
        yield objet
        if isinstance(objet, dict):
            a_voir += [*objet.keys(), *objet.values()]
        elif isinstance(objet, list):
            a_voir += objet


def _verifier_pdf_inerte(contenu):
    """Refuses a PDF that could run code or act by itself once opened in a reader: read
    with pypdf (compressed object streams too); what pypdf cannot read is checked on its
    raw bytes, where a compressed object stream is refused as it cannot be looked into."""
    hors_flux, lisible = _hors_flux(contenu), True
    try:
        lecteur = PdfReader(io.BytesIO(contenu), strict=False)
        if any(_objet_actif(objet) for objet in _objets_du_pdf(lecteur)):
            raise _refus_pdf()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 -- a file pypdf cannot read is checked byte by byte
        hors_flux, lisible = contenu, False
    # Names may be written with #xx escapes (/J#61vaScript); the bytes outside streams are
    # checked too, for a reader that repairs a file differently from pypdf.
    brut = PDF_ECHAPPEMENT.sub(lambda m: bytes([int(m.group(1), 16)]), hors_flux)
    for trouve in PDF_NOMS_BRUTS.finditer(brut):
        if not lisible or trouve.group() not in (b"/OpenAction", b"/ObjStm"):
            raise _refus_pdf()


def valider_pdf(fichier):
    """The scan of a signed document: a PDF, checked by its content, not too heavy."""
    _verifier(fichier, ("PDF",))


def valider_document(fichier):
    """A communication document: PDF, PNG or JPEG, checked by content."""
    _verifier(fichier, ("PDF", "PNG", "JPEG"))


def valider_logo(fichier):
    """A partner's logo: PNG, JPEG, or an SVG without scripts or external references."""
    _verifier(fichier, ("PNG", "JPEG", "SVG"))
