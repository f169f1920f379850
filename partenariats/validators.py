"""Checks on uploaded files: the type is read from the content, never from the name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# First bytes of each accepted kind of file.
SIGNATURES = {
    "PDF": (b"%PDF-",),
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
}


def _debut(fichier, taille=8):
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(taille)
    fichier.seek(position)
    return debut


def _verifier(fichier, types):
    if getattr(fichier, "_committed", False):
        return  # already stored and checked when it was uploaded
    if fichier.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier est trop lourd (%(taille)s). Le maximum est %(max)s.")
            % {
                "taille": filesizeformat(fichier.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="trop_lourd",
        )
    debut = _debut(fichier)
    if not any(debut.startswith(s) for t in types for s in SIGNATURES[t]):
        raise ValidationError(
            _("Ce fichier n'est pas un %(types)s. Choisissez un fichier %(types)s.")
            % {"types": _(" ou ").join(types)},
            code="mauvais_type",
        )


def valider_pdf(fichier):
    """The scan of a signed document: a PDF, checked by its first bytes, not too heavy."""
    _verifier(fichier, ("PDF",))


def valider_document(fichier):
    """A communication document: PDF, PNG or JPEG, checked by content."""
    _verifier(fichier, ("PDF", "PNG", "JPEG"))
