"""Article 5: the partners' own logos on the page header, every PDF and the report; the
drawn placeholders only for a partner that uploaded none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from ruche import logos

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def association_de(convention):
    return next(p.organisation for p in convention.parties.all() if not p.organisation.est_la_ruche)


def deposer(organisation):
    organisation.logo = SimpleUploadedFile("logo.png", PNG)
    organisation.full_clean()
    organisation.save()


def entete(place):
    return reverse("partenariats:logo_entete", args=[place])


def test_the_header_serves_the_uploaded_logo_and_the_placeholder_for_the_other(client, convention):
    html = client.get(reverse("accueil")).content.decode()
    assert entete("ruche") in html and entete("partenaire") in html
    deposer(association_de(convention))
    response = client.get(entete("partenaire"))  # public: it is on every public page
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    # The Ruche uploaded none: its drawn placeholder.
    response = client.get(entete("ruche"))
    assert response.status_code == 302 and response.url == static("img/logo-ruche.svg")
    assert client.get(entete("autre")).status_code == 404


def test_a_partner_no_longer_in_force_leaves_the_header(client, convention):
    from tests.partenariats.factories import ResiliationFactory

    ResiliationFactory(convention=convention, date=convention.debut.replace(year=2025))
    deposer(association_de(convention))  # also refreshes the header's list
    response = client.get(entete("partenaire"))
    assert response.status_code == 302 and response.url == static("img/logo-avaqbc.svg")


def test_pdfs_read_the_uploaded_logo_from_the_media_folder(convention, settings):
    association = association_de(convention)
    deposer(association)
    html = render_to_string("pdf/base.html", {"convention": convention, "pour_pdf": True})
    assert f'src="{settings.MEDIA_URL}{association.logo.name}"' in html
    assert "logo-ruche" in html
    # The annual report names the convention by its pk (EtatConvention): same logos.
    assert [logo.alt for logo in logos.logos(convention)] == [
        "La Ruche numérique",
        association.sigle,
    ]


def test_without_any_organisation_the_placeholders_are_drawn():
    assert [logo.web.rsplit("/", 1)[-1].split(".")[0] for logo in logos.logos()] == [
        "logo-ruche",
        "logo-avaqbc",
    ]


def test_public_logos_are_sandboxed_and_other_logos_are_not_served_to_visitors(client, convention):
    """A logo on the header is public; an SVG one is served so that it can run nothing.
    Any other organisation's logo answers a visitor as an unknown number does (login)."""
    from tests.partenariats.factories import OrganisationFactory

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    association = association_de(convention)
    association.logo = SimpleUploadedFile("logo.svg", svg)
    association.full_clean()
    association.save()
    for adresse in (entete("partenaire"), reverse("partenariats:logo", args=[association.pk])):
        response = client.get(adresse)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
    autre = OrganisationFactory(en_convention=False)
    autre.logo = SimpleUploadedFile("logo.png", PNG)
    autre.full_clean()
    autre.save()
    reponses = [client.get(reverse("partenariats:logo", args=[pk])) for pk in (autre.pk, 999_999)]
    assert [r.status_code for r in reponses] == [302, 302]
    assert reponses[0].url == reponses[1].url.replace("999999", str(autre.pk))
