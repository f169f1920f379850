"""PDFs with WeasyPrint from HTML templates: A4, both partners' logos, "page X / N".

Static files and uploaded media are read from disk, never fetched over the network.
"""

import io
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from pypdf import PdfReader

PDF_BASE_URL = "file:///"


def _local_path(url):
    path = unquote(urlparse(url).path)
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found) if found else None
    if path.startswith(settings.MEDIA_URL):
        candidate = (Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]).resolve()
        if candidate.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
            return candidate
    return None


def url_fetcher(url, *args, **kwargs):
    """Serves /static/ and /media/ from disk; refuses every other address."""
    from weasyprint.urls import URLFetcherResponse, URLFetchingError  # see render_pdf

    path = _local_path(url)
    if path is None or not path.is_file():
        raise URLFetchingError(f"Ressource non autorisée dans un PDF : {url}")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def render_pdf(template, context, *, pages_hint=None):
    """Renders the template to PDF bytes.

    When the context asks for the page count (`pages_hint` given), the document is rendered
    once to count its pages, then again with `nombre_pages` set, so a sentence such as
    "La présente convention comporte N pages" tells the truth.
    """
    # WeasyPrint loads Pango and its fonts: only the processes that make a PDF pay for it.
    from weasyprint import HTML

    def render(extra):
        html = render_to_string(template, {**context, **extra})
        return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=url_fetcher).render()

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


def pdf_text(content):
    """The text of each page, for tests and checks."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
