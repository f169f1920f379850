"""Uploaded files: stored under a generated name, never served from a public folder.

Each file is served by a view that checks who may see its object, then either streams it
(FileResponse) or, when the proxy serves files itself (FICHIERS_PROTEGES_ENTETE), answers
with the header that tells the proxy which internal file to send.
"""

import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.deconstruct import deconstructible

# The type of an uploaded file is read from its content, never from its name.
# First bytes of each accepted kind of file, and the content type it is served with.
SIGNATURES = {
    "PDF": (b"%PDF-",),
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
}
TYPES_MIME = {
    "PDF": "application/pdf",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "SVG": "image/svg+xml",
}
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/svg+xml": ".svg",
}

MORCEAU = 64 * 1024

# Even opened on its own, a served file may run nothing and load nothing (an SVG logo with a
# script would otherwise run in the site's origin). nginx drops the app's headers when it
# sends the file itself (X-Accel-Redirect): deploiement/nginx-ruche.conf sets the same.
CSP_FICHIERS = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def premiers_octets(fichier, taille=8):
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(taille)
    fichier.seek(position)
    return debut


def contenu_entier(fichier):
    """Every byte of the file, read in pieces from its start (the size is already capped)."""
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    morceaux = []
    while morceau := fichier.read(MORCEAU):
        morceaux.append(morceau)
    fichier.seek(position)
    return b"".join(morceaux)


def _est_svg(debut):
    texte = debut.lstrip(b"\xef\xbb\xbf \t\r\n")
    return texte.startswith(b"<?xml") or texte.startswith(b"<svg") or texte.startswith(b"<!--")


def type_du_contenu(fichier):
    """The content type read from the file's first bytes ('' when it is none we accept)."""
    debut = premiers_octets(fichier, 512)
    for nom, signatures in SIGNATURES.items():
        if any(debut.startswith(s) for s in signatures):
            return TYPES_MIME[nom]
    if _est_svg(debut) and b"<svg" in contenu_entier(fichier)[:4096].lower():
        return TYPES_MIME["SVG"]
    return ""


@deconstructible
class NomGenere:
    """upload_to: `<dossier>/<random>.<extension of the checked type>`; the name the
    person gave is dropped, so nothing they typed reaches the disk or a header."""

    def __init__(self, dossier, champ_type):
        self.dossier = dossier
        self.champ_type = champ_type

    def __call__(self, instance, filename):
        extension = EXTENSIONS.get(getattr(instance, self.champ_type, ""), "")
        return f"{self.dossier}/{uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, NomGenere) and (self.dossier, self.champ_type) == (
            other.dossier,
            other.champ_type,
        )


class FichierProtegeFieldFile(FieldFile):
    @property
    def url(self):
        """The address of the view that checks access, not a public media address."""
        self._require_file()
        nom, args = self.instance.adresse_du_fichier(self.field.name)
        return reverse(nom, args=args)


class FichierProtegeField(models.FileField):
    """A FileField whose URL is the checking view (the model gives it through
    `adresse_du_fichier(field name) -> (url name, args)`).

    A file replaced, cleared or whose row is deleted leaves the disk once the transaction
    commits: no signed scan or logo stays behind, unreachable, in MEDIA_ROOT."""

    attr_class = FichierProtegeFieldFile

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract:
            return
        uid = f"fichier-protege:{cls._meta.label}.{name}"
        signals.post_init.connect(self._retenir, sender=cls, weak=False, dispatch_uid=uid)
        signals.post_save.connect(self._apres_ecriture, sender=cls, weak=False, dispatch_uid=uid)
        signals.post_delete.connect(
            self._apres_suppression, sender=cls, weak=False, dispatch_uid=uid
        )

    def _nom_stocke(self, instance):
        """The stored name the row holds now; None when the field was not loaded."""
        if self.attname in instance.get_deferred_fields():
            return None
        valeur = instance.__dict__.get(self.attname)
        return getattr(valeur, "name", valeur) or ""

    def _retenir(self, sender, instance, **kwargs):
        instance.__dict__.setdefault("_fichiers_enregistres", {})[self.attname] = (
            self._nom_stocke(instance) if instance.pk is not None else ""
        )

    def _effacer_apres_commit(self, nom):
        if nom:
            transaction.on_commit(lambda: self.storage.delete(nom))

    def _apres_ecriture(self, sender, instance, **kwargs):
        enregistres = instance.__dict__.setdefault("_fichiers_enregistres", {})
        avant, maintenant = enregistres.get(self.attname), self._nom_stocke(instance)
        if maintenant is None:
            return
        if avant and avant != maintenant:
            self._effacer_apres_commit(avant)
        enregistres[self.attname] = maintenant

    def _apres_suppression(self, sender, instance, **kwargs):
        self._effacer_apres_commit(self._nom_stocke(instance))


# An upload is written to disk before its row commits: younger files are left alone.
ORPHELINS_AGE_MIN = timedelta(hours=1)


def fichiers_orphelins(*, age_min=ORPHELINS_AGE_MIN):
    """The stored names, under the upload folders, that no row names any more: files left by
    a replacement or a deletion before uploads were cleaned up as they go, or by a crash
    between the two writes. Files younger than `age_min` are never listed."""
    dossiers, designes = set(), set()
    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if not isinstance(champ, FichierProtegeField):
                continue
            dossiers.add(champ.upload_to.dossier)
            designes.update(modele._base_manager.values_list(champ.attname, flat=True))
    racine = Path(settings.MEDIA_ROOT)
    limite = time.time() - age_min.total_seconds()
    return [
        nom
        for dossier in sorted(dossiers)
        for chemin in sorted((racine / dossier).rglob("*"))
        if chemin.is_file()
        and (nom := chemin.relative_to(racine).as_posix()) not in designes
        and chemin.stat().st_mtime < limite
    ]


def noter_les_types(instance, champs):
    """Before saving: each new file's content type, read from its bytes, in its type field
    (`champs` maps file field -> type field); an empty file field empties its type."""
    for champ, champ_type in champs.items():
        fichier = getattr(instance, champ)
        if not fichier:
            setattr(instance, champ_type, "")
        elif not fichier._committed:
            setattr(instance, champ_type, type_du_contenu(fichier.file))
        elif not getattr(instance, champ_type):
            setattr(instance, champ_type, type_du_fichier_stocke(fichier.name))


def type_du_fichier_stocke(nom, storage=None):
    """The content type of a file already stored ('' when missing or unknown)."""
    try:
        with (storage or default_storage).open(nom, "rb") as ouvert:
            return type_du_contenu(ouvert)
    except (FileNotFoundError, OSError):
        return ""


def servir(fichier, type_mime, *, nom_telechargement):
    """The response for a stored file, once access has been checked by the caller."""
    if not fichier:
        raise Http404
    chemin = Path(settings.MEDIA_ROOT) / fichier.name
    if not chemin.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise Http404
    if not chemin.is_file():
        raise Http404
    # A file stored before types were recorded is typed from its bytes, never from its name.
    type_mime = type_mime or type_du_fichier_stocke(fichier.name) or "application/octet-stream"
    entete = settings.FICHIERS_PROTEGES_ENTETE
    if entete == "X-Accel-Redirect":
        response = HttpResponse(content_type=type_mime)
        response[entete] = settings.FICHIERS_PROTEGES_PREFIXE + quote(fichier.name)
    elif entete == "X-Sendfile":
        response = HttpResponse(content_type=type_mime)
        response[entete] = str(chemin.resolve())
    else:
        response = FileResponse(chemin.open("rb"), content_type=type_mime)
    extension = EXTENSIONS.get(type_mime, "")
    en_ligne = type_mime in ("application/pdf", "image/png", "image/jpeg", "image/svg+xml")
    disposition = "inline" if en_ligne else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{nom_telechargement}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP_FICHIERS
    response["Cache-Control"] = "private, no-store"
    return response
