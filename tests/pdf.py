"""Reading back the PDFs the app makes, for the tests."""

import io

from pypdf import PdfReader


def pdf_text(content):
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
