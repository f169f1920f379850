"""Uploaded files: served by a view that checks access, stored under a generated name,
typed from their content; SVG logos without code; no public media address."""

import os
import time
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


ANIME = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize(
    "svg",
    [
        # An animation adds an event handler, or a link, after the file was read.
        ANIME + b'<rect width="9" height="9"><set attributeName="onclick" to="alert(1)"/></rect>'
        b"</svg>",
        ANIME + b'<a href="#x"><animate attributeName="href" values="jav&#x09;ascript:alert(1)"/>'
        b"<text>x</text></a></svg>",
        ANIME + b'<a xlink:href="#x"><set attributeName="xlink:href" to="#y"/><text>x</text></a>'
        b"</svg>",
        ANIME + b'<rect><set attributeName=" ONmouseover " to="alert(1)"/></rect></svg>',
        ANIME + b'<rect><animate attributeName="style" values="fill:red"/></rect></svg>',
        ANIME + b'<rect><set to="alert(1)"/></rect></svg>',
        # A link's scheme hidden by entities, spaces or control characters.
        ANIME + b'<rect fill="#000"><set attributeName="fill" to="&#x20;java&#x0A;script:x"/>'
        b"</rect></svg>",
        ANIME + b'<rect clip-path="vb&#x0D;script:x"/></svg>',
    ],
)
def test_an_svg_logo_animating_an_event_or_a_link_is_refused(svg):
    with pytest.raises(ValidationError) as erreur:
        valider_logo(SimpleUploadedFile("logo.svg", svg))
    assert erreur.value.code == "svg_dangereux"


def test_an_svg_logo_may_move_and_change_colour():
    valider_logo(
        SimpleUploadedFile(
            "logo.svg",
            ANIME + b'<rect width="9" height="9" fill="#fc0">'
            b'<animate attributeName="fill" values="#fc0;#000" dur="2s"/>'
            b'<animateTransform attributeName="transform" type="rotate" from="0" to="90"/>'
            b"</rect></svg>",
        )
    )


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
    utilisateur = {
        "anonyme": None,
        "sans_role": UtilisateurFactory(),
        "benevole_de_l_organisation": BenevoleFactory(organisation=fichiers["organisation"]),
        "benevole_d_une_autre": BenevoleFactory(),
        "comite": ComiteFactory(),
        "personnel": PersonnelFactory(),
    }[role]
    client = client_de(utilisateur)
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


def fichiers_sur_le_disque(settings):
    racine = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(racine).as_posix() for p in racine.rglob("*") if p.is_file())


def test_a_replaced_cleared_or_deleted_upload_leaves_the_disk(
    settings, django_capture_on_commit_callbacks
):
    """A new logo, then another: only the last stays; a logo removed, or its organisation
    deleted, leaves nothing behind."""
    organisation = OrganisationFactory()
    noms = []
    for contenu in (PNG, SVG, PNG):
        with django_capture_on_commit_callbacks(execute=True):
            organisation = Organisation.objects.get(pk=organisation.pk)
            organisation.logo = SimpleUploadedFile("logo", contenu)
            organisation.save()
        noms.append(organisation.logo.name)
        assert fichiers_sur_le_disque(settings) == [noms[-1]]
    with django_capture_on_commit_callbacks(execute=True):
        organisation.logo = None
        organisation.save()
    assert fichiers_sur_le_disque(settings) == []

    document = DocumentFactory(fichier=SimpleUploadedFile("f.pdf", PDF))
    convention_scan = _scan(document.convention)
    avant = fichiers_sur_le_disque(settings)
    assert convention_scan.scan_signe.name in avant and document.fichier.name in avant
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert document.fichier.name not in fichiers_sur_le_disque(settings)
    assert convention_scan.scan_signe.name in fichiers_sur_le_disque(settings)


def test_a_replacement_rolled_back_keeps_the_file(settings, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(logo=SimpleUploadedFile("logo", PNG))
    ancien = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        organisation.logo = SimpleUploadedFile("logo", SVG)
        organisation.save()
    # The transaction did not commit: the old logo is still the row's, and on disk.
    assert rappels and ancien in fichiers_sur_le_disque(settings)


def test_loading_a_row_without_its_file_deletes_nothing(
    settings, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(logo=SimpleUploadedFile("logo", PNG))
    with django_capture_on_commit_callbacks(execute=True):
        partielle = Organisation.objects.only("pk", "nom").get(pk=organisation.pk)
        partielle.nom = "Nouveau nom"
        partielle.save(update_fields=["nom"])
    assert fichiers_sur_le_disque(settings) == [organisation.logo.name]


def test_orphans_left_before_are_listed_then_deleted_on_request(settings):
    """Files an older version left behind (a logo replaced, a document deleted): the command
    lists them and, told to, deletes them; never a file a row names, one younger than an
    hour (an upload whose row is not committed yet), or one outside the upload folders."""
    from io import StringIO

    from django.core.management import call_command

    organisation = OrganisationFactory(logo=SimpleUploadedFile("logo", PNG))
    document = DocumentFactory(fichier=SimpleUploadedFile("f.pdf", PDF))
    racine = Path(settings.MEDIA_ROOT)
    vieux = {"logos/ancien.png", "conventions/communication/ancien.pdf"}
    for nom in [*vieux, "logos/en-cours.png", "autre/notes.txt"]:
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / nom).write_bytes(PNG)
    for nom in vieux:
        os.utime(racine / nom, (time.time() - 7200, time.time() - 7200))
    for nom in (organisation.logo.name, document.fichier.name):
        os.utime(racine / nom, (time.time() - 7200, time.time() - 7200))

    sortie = StringIO()
    call_command("fichiers_orphelins", stdout=sortie)
    assert set(sortie.getvalue().splitlines()[:-1]) == vieux
    assert "2 fichiers orphelins" in sortie.getvalue()
    assert vieux <= set(fichiers_sur_le_disque(settings))

    call_command("fichiers_orphelins", "--supprimer", stdout=StringIO())
    assert fichiers_sur_le_disque(settings) == sorted(
        ["autre/notes.txt", "logos/en-cours.png", organisation.logo.name, document.fichier.name]
    )
