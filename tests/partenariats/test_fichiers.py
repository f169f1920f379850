"""Uploaded files: served by a view that checks access, stored under a generated name,
typed from their content; SVG logos without code; no public media address."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from partenariats.models import DocumentCommunication
from ruche.models import Organisation
from ruche.pdf import nouveau_fetcher
from ruche.validators import valider_document, valider_logo, valider_pdf
from tests.partenariats.factories import DocumentFactory, OrganisationFactory, ResiliationFactory
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    PersonnelFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
    b'<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
    b'<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/>'
    b"<text>Ruche</text></svg>"
)


def _scan(convention, contenu=PDF, nom="Mon scan <script>.pdf"):
    convention.scan_signe = SimpleUploadedFile(nom, contenu)
    convention.full_clean()
    convention.save()
    return convention


def test_the_stored_name_is_generated_and_the_type_read_from_the_content(convention):
    _scan(convention)
    convention.refresh_from_db()
    nom = convention.scan_signe.name
    assert nom.startswith("conventions/originaux/") and nom.endswith(".pdf")
    assert "scan" not in nom and "script" not in nom
    assert convention.scan_signe_type == "application/pdf"
    document = DocumentFactory(fichier=SimpleUploadedFile("../../flyer.pdf", PNG))
    assert document.fichier_type == "image/png" and document.fichier.name.endswith(".png")


@pytest.mark.parametrize(
    "contenu",
    [
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        b"%PDF-1.4\n" + b"\x00" * 70_000 + b"<!DOCTYPE html><body onload=x>",
        b"\x89PNG\r\n\x1a\n<SCRIPT src=//x></SCRIPT>",
        b"%PDF-1.4\n<svg onload=alert(1)>",
    ],
)
def test_a_file_that_holds_a_web_page_is_refused(contenu):
    for valider in (valider_pdf, valider_document):
        if contenu.startswith(b"\x89PNG") and valider is valider_pdf:
            continue
        with pytest.raises(ValidationError) as erreur:
            valider(SimpleUploadedFile("x.pdf", contenu))
        assert erreur.value.code == "contenu_cache"


def test_a_plain_svg_logo_is_accepted():
    valider_logo(SimpleUploadedFile("logo.svg", SVG))
    valider_logo(SimpleUploadedFile("logo.png", PNG))


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect ONclick="x()"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://traceur.example/pixel.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text>'
        b"</a></svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);'
        b"</style></svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/f)"/>'
        b"</svg>",
        b'<?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
        b"<svg><unclosed></svg>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>',
    ],
)
def test_an_svg_logo_with_code_or_external_references_is_refused(svg):
    with pytest.raises(ValidationError):
        valider_logo(SimpleUploadedFile("logo.svg", svg))


def test_a_logo_must_be_an_image():
    with pytest.raises(ValidationError):
        valider_logo(SimpleUploadedFile("logo.png", PDF))


@pytest.fixture
def fichiers(convention):
    # Ended: its partners are no longer on the public header, so their logos follow the
    # access rule (the header's logos are public, tests/partenariats/test_logos.py).
    ResiliationFactory(convention=convention, date=date(2025, 1, 1))
    _scan(convention)
    document = DocumentFactory(convention=convention, fichier=SimpleUploadedFile("f.pdf", PDF))
    organisation = convention.parties.get(ordre=1).organisation
    organisation.logo = SimpleUploadedFile("logo.svg", SVG)
    organisation.full_clean()
    organisation.save()
    return {
        "scan": reverse("partenariats:scan_fichier", args=[convention.pk]),
        "document": reverse("partenariats:document_fichier", args=[convention.pk, document.pk]),
        "logo": reverse("partenariats:logo", args=[organisation.pk]),
        "organisation": organisation,
        "document_obj": document,
    }


def _contenu(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("role", "scan_et_document", "logo"),
    [
        ("anonyme", "login", "login"),
        ("sans_role", 403, 403),
        ("benevole_de_l_organisation", 403, 200),
        ("benevole_d_une_autre", 403, 404),
        ("comite", 200, 200),
        ("personnel", 200, 200),
    ],
)
def test_who_may_download_each_file(client_de, fichiers, role, scan_et_document, logo):
    user = {
        "anonyme": None,
        "sans_role": UtilisateurFactory(),
        "benevole_de_l_organisation": BenevoleFactory(organisation=fichiers["organisation"]),
        "benevole_d_une_autre": BenevoleFactory(),
        "comite": ComiteFactory(),
        "personnel": PersonnelFactory(),
    }[role]
    client = client_de(user)
    for cle, attendu in (
        ("scan", scan_et_document),
        ("document", scan_et_document),
        ("logo", logo),
    ):
        response = client.get(fichiers[cle])
        if attendu == "login":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == attendu, (cle, role)
    if logo == 200:
        response = client.get(fichiers["logo"])
        assert response["Content-Type"] == "image/svg+xml"
        assert _contenu(response) == SVG


def test_the_staff_get_each_file_with_safe_headers(client_de, personnel, fichiers, convention):
    client = client_de(personnel)
    response = client.get(fichiers["scan"])
    assert _contenu(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert (
        f'filename="convention-{convention.pk}-original-signe.pdf"'
        in (response["Content-Disposition"])
    )
    # The convention's page links to the checking views, never to a media address.
    page = client.get(reverse("partenariats:detail", args=[convention.pk])).content.decode()
    assert fichiers["scan"] in page and fichiers["document"] in page
    assert "/media/" not in page


def test_another_conventions_document_and_unknown_objects_are_404(
    client_de, personnel, fichiers, convention
):
    client = client_de(personnel)
    autre = DocumentFactory()
    assert (
        client.get(
            reverse("partenariats:document_fichier", args=[convention.pk, autre.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("partenariats:scan_fichier", args=[999999])).status_code == 404
    assert client.get(reverse("partenariats:logo", args=[999999])).status_code == 404
    sans_logo = OrganisationFactory()
    assert client.get(reverse("partenariats:logo", args=[sans_logo.pk])).status_code == 404
    # A file gone from the disk is a 404, not a 500.
    Path(fichiers["document_obj"].fichier.path).unlink()
    assert client.get(fichiers["document"]).status_code == 404


@pytest.mark.parametrize(
    ("entete", "valeur"),
    [("X-Accel-Redirect", "/fichiers-internes/{nom}"), ("X-Sendfile", "{racine}/{nom}")],
)
def test_the_proxy_sends_the_file_when_told(
    client_de, personnel, fichiers, settings, entete, valeur
):
    settings.FICHIERS_PROTEGES_ENTETE = entete
    document = fichiers["document_obj"]
    response = client_de(personnel).get(fichiers["document"])
    assert response.status_code == 200 and response.content == b""
    racine = str(Path(settings.MEDIA_ROOT).resolve())
    assert response[entete] == valeur.format(nom=document.fichier.name, racine=racine)
    assert response["Content-Type"] == "application/pdf"


def test_no_public_media_address(fichiers, settings):
    for debug in (True, False):
        with override_settings(DEBUG=debug), pytest.raises(Resolver404):
            resolve(settings.MEDIA_URL + fichiers["document_obj"].fichier.name)


def test_files_stored_before_keep_working(client_de, personnel, convention, settings):
    """A row from before the change: the user's own file name, no recorded type."""
    ancien = Path(settings.MEDIA_ROOT) / "conventions/communication/Flyer été.pdf"
    ancien.parent.mkdir(parents=True, exist_ok=True)
    ancien.write_bytes(PDF)
    document = DocumentFactory(convention=convention)
    DocumentCommunication.objects.filter(pk=document.pk).update(
        fichier="conventions/communication/Flyer été.pdf", fichier_type=""
    )
    response = client_de(personnel).get(
        reverse("partenariats:document_fichier", args=[convention.pk, document.pk])
    )
    assert response.status_code == 200 and _contenu(response) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_a_logo_is_still_read_from_disk_for_the_pdfs(fichiers, settings):
    organisation = Organisation.objects.get(pk=fichiers["organisation"].pk)
    reponse = nouveau_fetcher()(f"file://{settings.MEDIA_URL}{organisation.logo.name}")
    assert reponse.read() == SVG
