"""PDFs under the production static storage: WeasyPrint reads the collected, hashed files
and the uploaded media from disk, and nothing else."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse

from partenariats.models import Convention
from ruche.pdf import nouveau_fetcher
from tests.demo import charger_demo
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def test_the_suite_runs_with_the_manifest_storage():
    assert isinstance(staticfiles_storage, ManifestFilesMixin)
    assert static("css/pdf.css") != "/static/css/pdf.css"  # a hashed name


def test_the_demo_loads_with_the_manifest_storage():
    call_command("demo", force=True, stdout=StringIO())
    assert Convention.objects.exists()


def test_the_convention_pdf_answers_with_the_manifest_storage(client):
    charger_demo()
    convention = Convention.objects.get()
    client.force_login(PersonnelFactory())
    response = client.get(reverse("partenariats:pdf", args=[convention.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def _lire(reponse):
    try:
        return reponse.read()
    finally:
        reponse.close()


def test_static_files_are_read_under_their_hashed_name():
    url = "file://" + static("css/pdf.css")
    contenu = _lire(nouveau_fetcher()(url))
    attendu = Path(staticfiles_storage.path(staticfiles_storage.stored_name("css/pdf.css")))
    assert contenu == attendu.read_bytes()


def test_uploaded_media_are_read_through_the_storage():
    nom = default_storage.save("logos/essai.png", ContentFile(b"\x89PNG-essai"))
    reponse = nouveau_fetcher()("file://" + default_storage.url(nom))
    assert _lire(reponse) == b"\x89PNG-essai"
    assert reponse.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///static/../../ruche/settings.py",
        "file:///static/css/absent.css",
        "file:///media/../ruche/settings.py",
        "file:///media/absent.png",
        "http://127.0.0.1:9/img.png",
        "https://example.org/logo.svg",
        "data:text/plain,bonjour",
    ],
)
def test_every_other_address_is_refused_without_stopping_the_pdf(url):
    from weasyprint.urls import URLFetchingError, fetch

    with pytest.raises(URLFetchingError), fetch(nouveau_fetcher(), url):
        pass
