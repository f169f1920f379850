"""PDFs with WeasyPrint from HTML templates: A4, both partners' logos, "page X / N".

Static files and uploaded media are read from disk, never fetched over the network.
"""

import functools
import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_BASE_URL = "file:///"


def _fichier_statique(nom):
    """The bytes of a static file: the collected copy (hashed name under the manifest
    storage) first, else the source found by the finders (development, before collectstatic)."""
    try:
        if staticfiles_storage.exists(nom):
            with staticfiles_storage.open(nom) as fichier:
                return fichier.read()
    except (SuspiciousFileOperation, ValueError, OSError):
        return None
    try:
        trouve = finders.find(nom)
    except SuspiciousFileOperation:
        return None
    if trouve:
        with open(trouve, "rb") as fichier:
            return fichier.read()
    return None


def _fichier_media(nom):
    try:
        if default_storage.exists(nom):
            with default_storage.open(nom) as fichier:
                return fichier.read()
    except (SuspiciousFileOperation, ValueError, OSError):
        return None
    return None


def _contenu_local(url):
    """(bytes, file name) of a /static/ or /media/ address of the document, else None."""
    adresse = urlparse(url)
    if adresse.scheme != "file" or adresse.netloc:
        return None
    chemin = unquote(adresse.path)
    for prefixe, lire in (
        (settings.STATIC_URL, _fichier_statique),
        (settings.MEDIA_URL, _fichier_media),
    ):
        if prefixe and chemin.startswith(prefixe):
            nom = chemin[len(prefixe) :]
            contenu = lire(nom) if nom else None
            return (contenu, nom) if contenu is not None else None
    return None


@functools.cache
def _classe_fetcher():
    # WeasyPrint is heavy to import: only the processes that print PDFs load it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class RessourcesLocales(URLFetcher):
        """Serves /static/ (through the staticfiles storage) and /media/ (through the media
        storage); refuses every other address, without stopping the rendering."""

        def fetch(self, url, headers=None):
            trouve = _contenu_local(url)
            if trouve is None:
                raise URLFetchingError(f"Ressource non autorisée dans un PDF : {url}")
            contenu, nom = trouve
            mime = mimetypes.guess_type(nom)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=contenu, headers={"Content-Type": mime})

    return RessourcesLocales


def nouveau_fetcher():
    """The URL fetcher given to WeasyPrint (an instance of its URLFetcher, as it expects)."""
    return _classe_fetcher()()


def render_pdf(template, context, *, pages_hint=None):
    """Renders the template to PDF bytes.

    When the context asks for the page count (`pages_hint` given), the document is rendered
    once to count its pages, then again with `nombre_pages` set, so a sentence such as
    "La présente convention comporte N pages" tells the truth.
    """
    # WeasyPrint loads Pango and its fonts: only the processes that make a PDF pay for it.
    from weasyprint import HTML

    fetcher = nouveau_fetcher()

    def render(extra):
        # `pour_pdf`: shared partials pick the addresses WeasyPrint reads (logos).
        html = render_to_string(template, {**context, "pour_pdf": True, **extra})
        return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render()

    document = render({"nombre_pages": pages_hint or "…"})
    if pages_hint is not None:
        for _ in range(3):
            if len(document.pages) == pages_hint:
                break
            pages_hint = len(document.pages)
            document = render({"nombre_pages": pages_hint})
    return document.write_pdf()


def pdf_response(content, filename, *, inline=True):
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
