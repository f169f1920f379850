"""Article 5 from the pages: staff upload each partner's logo, a partner's representative
its own (PNG or SVG without scripts), with a preview and the error beside the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.urls import reverse

from ruche.models import Organisation
from tests.partenariats.factories import OrganisationFactory, RucheFactory
from tests.ruche.factories import RepresentantFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#0a0"/></svg>'
)
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def ruche():
    return RucheFactory()


@pytest.fixture
def association():
    return OrganisationFactory(nom="Aide à la Valorisation des Quartiers", sigle="A.V.A.Q.B-C")


def page(association):
    return reverse("partenariats:logo_modifier", args=[association.pk])


def test_staff_upload_a_partner_logo_with_a_preview(client, personnel, ruche, association):
    client.force_login(personnel)
    liste = client.get(reverse("partenariats:organisations")).content.decode()
    assert page(association) in liste and page(ruche) in liste
    assert "Dessin provisoire" in liste
    html = client.get(page(association)).content.decode()
    assert static("img/logo-avaqbc.svg") in html  # the placeholder, until one is uploaded
    response = client.post(page(association), {"logo": SimpleUploadedFile("logo.svg", SVG)})
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.logo and association.logo_type == "image/svg+xml"
    html = client.get(response.url).content.decode()
    assert reverse("partenariats:logo", args=[association.pk]) in html
    assert "Le logo de A.V.A.Q.B-C est enregistré" in html
    # The Ruche's own, as a PNG.
    assert client.post(page(ruche), {"logo": SimpleUploadedFile("r.png", PNG)}).status_code == 302


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (SVG_SCRIPT, "script"),
        (b"%PDF-1.4 pas une image", "n&#x27;est pas un"),
        (None, "Choisissez le fichier du logo."),
    ],
)
def test_a_bad_logo_is_refused_beside_the_field(client, personnel, association, contenu, message):
    client.force_login(personnel)
    donnees = {} if contenu is None else {"logo": SimpleUploadedFile("logo.svg", contenu)}
    response = client.post(page(association), donnees)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'id="error_1_id_logo"' in html
    assert "Rien n'a été enregistré" in html
    assert static("img/logo-avaqbc.svg") in html  # the preview still shows what is stored
    assert not Organisation.objects.get(pk=association.pk).logo


def test_the_logo_pages_are_for_staff_only(client, benevole, comite, association):
    for utilisateur in (benevole, comite):
        client.force_login(utilisateur)
        assert client.get(reverse("partenariats:organisations")).status_code == 403
        response = client.post(page(association), {"logo": SimpleUploadedFile("l.png", PNG)})
        assert response.status_code == 403
    assert client.get(reverse("partenariats:logo_modifier", args=[99999])).status_code == 403


def test_the_presidente_uploads_her_association_s_logo_with_the_same_checks(
    client, ruche, association
):
    client.force_login(RepresentantFactory(organisation=association))
    response = client.post(page(association), {"logo": SimpleUploadedFile("l.svg", SVG_SCRIPT)})
    assert response.status_code == 200 and "script" in response.content.decode()
    assert not Organisation.objects.get(pk=association.pk).logo
    response = client.post(page(association), {"logo": SimpleUploadedFile("l.svg", SVG)})
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.logo_type == "image/svg+xml"
    # Not the Ruche's, nor another partner's, nor the staff's list of logos.
    autre = OrganisationFactory()
    for organisation in (ruche, autre):
        response = client.post(page(organisation), {"logo": SimpleUploadedFile("l.png", PNG)})
        assert response.status_code == 404
    assert client.get(reverse("partenariats:organisations")).status_code == 403
