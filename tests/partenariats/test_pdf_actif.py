"""Uploaded PDFs that could run code or act by themselves once opened are refused: the
scan of a convention, a committee's minutes, a communication document; in the admin and on
the staff pages, with a French message beside the field."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partenariats.models import DocumentCommunication
from ruche.validators import valider_document, valider_pdf
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def pdf_classique(catalogue=b"", autres=()):
    """A real PDF with a cross-reference table: catalog, pages, one page, then `autres`
    (objects 4, 5…); `catalogue` is added to the catalog's dictionary."""
    objets = [b"<< /Type /Catalog /Pages 2 0 R " + catalogue + b" >>", *PAGES, *autres]
    sortie = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    positions = []
    for numero, corps in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n%s\nendobj\n" % (numero, corps)
    debut_xref = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    sortie += b"".join(b"%010d 00000 n \n" % position for position in positions)
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objets) + 1,
        debut_xref,
    )
    return bytes(sortie)


def pdf_flux_objets(catalogue=b"", autres=()):
    """A real PDF 1.5 whose objects all sit in one compressed object stream, found through
    a compressed cross-reference stream: nothing of them is readable in the raw bytes."""
    objets = [b"<< /Type /Catalog /Pages 2 0 R " + catalogue + b" >>", *PAGES, *autres]
    en_tete, corps, position = [], b"", 0
    for numero, objet in enumerate(objets, start=1):
        en_tete.append(b"%d %d" % (numero, position))
        corps += objet + b"\n"
        position += len(objet) + 1
    en_tete = b" ".join(en_tete) + b"\n"
    flux = zlib.compress(en_tete + corps)
    n_flux, n_xref = len(objets) + 1, len(objets) + 2
    sortie = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    position_flux = len(sortie)
    sortie += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        n_flux,
        len(objets),
        len(en_tete),
        len(flux),
    )
    sortie += b"stream\n" + flux + b"\nendstream\nendobj\n"
    position_xref = len(sortie)
    lignes = struct.pack(">BIH", 0, 0, 65535)
    lignes += b"".join(struct.pack(">BIH", 2, n_flux, i) for i in range(len(objets)))
    lignes += struct.pack(">BIH", 1, position_flux, 0) + struct.pack(">BIH", 1, position_xref, 0)
    table = zlib.compress(lignes)
    sortie += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (n_xref, n_xref + 1, len(table))
    )
    sortie += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % position_xref
    return bytes(sortie)


JS = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"

ACTIFS = {
    "ouverture_js": (b"/OpenAction 4 0 R", [JS]),
    "ouverture_js_directe": (b"/OpenAction << /S /JavaScript /JS (x) >>", []),
    "noms_javascript": (b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", [JS]),
    "nom_echappe": (b"/OpenAction << /S /J#61vaScript /J#53 (x) >>", []),
    "lancement": (b"/OpenAction << /S /Launch /F (calc.exe) >>", []),
    "fichier_joint": (
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
        [b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", b"<< /Type /EmbeddedFile >>"],
    ),
    "action_de_page": (b"/AA << /O << /S /URI /URI (https://traceur.example/) >> >>", []),
    "ouverture_web": (b"/OpenAction << /S /URI /URI (https://traceur.example/) >>", []),
    "formulaire_xfa": (b"/AcroForm << /Fields [] /XFA 4 0 R >>", [b"<< >>"]),
}


@pytest.mark.parametrize("fabrique", [pdf_classique, pdf_flux_objets])
@pytest.mark.parametrize("cas", ACTIFS)
def test_a_pdf_with_code_or_automatic_actions_is_refused(fabrique, cas):
    catalogue, autres = ACTIFS[cas]
    contenu = fabrique(catalogue, autres)
    for valider in (valider_pdf, valider_document):
        with pytest.raises(ValidationError) as erreur:
            valider(SimpleUploadedFile("scan.pdf", contenu))
        assert erreur.value.code == "pdf_actif", cas


@pytest.mark.parametrize("fabrique", [pdf_classique, pdf_flux_objets])
@pytest.mark.parametrize(
    "catalogue",
    [
        b"",
        b"/OpenAction [3 0 R /Fit]",
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>",
        b"/Info (Scan du 12 mars: pas de /JSON ici)",
    ],
)
def test_a_plain_pdf_is_accepted(fabrique, catalogue):
    contenu = fabrique(catalogue)
    valider_pdf(SimpleUploadedFile("scan.pdf", contenu))
    valider_document(SimpleUploadedFile("scan.pdf", contenu))


def test_a_damaged_pdf_is_checked_on_its_bytes():
    valider_pdf(SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"))
    for contenu in (
        b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >> endobj\n",
        # Not readable, so its compressed objects cannot be looked into.
        pdf_flux_objets()[:-40],
    ):
        with pytest.raises(ValidationError) as erreur:
            valider_pdf(SimpleUploadedFile("scan.pdf", contenu))
        assert erreur.value.code == "pdf_actif"


MESSAGE = "Ce PDF contient du code ou des actions automatiques"


def test_the_staff_see_why_beside_the_field_on_their_page_and_in_the_admin(client_de, convention):
    client = client_de(PersonnelFactory(is_superuser=True))
    piege = pdf_flux_objets(*ACTIFS["ouverture_js"])
    response = client.post(
        reverse("partenariats:document_nouveau", args=[convention.pk]),
        {"titre": "Flyer", "nature": "flyer", "fichier": SimpleUploadedFile("f.pdf", piege)},
    )
    assert response.status_code == 200
    assert MESSAGE in response.context["form"].errors["fichier"][0]
    response = client.post(
        reverse("partenariats:scan", args=[convention.pk]),
        {"scan_signe": SimpleUploadedFile("s.pdf", piege)},
    )
    assert MESSAGE in response.context["form"].errors["scan_signe"][0]
    response = client.post(
        reverse("admin:partenariats_documentcommunication_add"),
        {
            "convention": convention.pk,
            "titre": "Flyer",
            "nature": "flyer",
            "fichier": SimpleUploadedFile("f.pdf", piege),
            "visas-TOTAL_FORMS": "0",
            "visas-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in str(response.context["adminform"].form.errors["fichier"])
    assert not DocumentCommunication.objects.exists()
    convention.refresh_from_db()
    assert not convention.scan_signe
