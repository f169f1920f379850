"""Article 5: the partners' own logos on the page header, every PDF and the report; the
drawn placeholders only for a partner that uploaded none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
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


def test_the_header_shows_the_uploaded_logo_and_the_placeholder_for_the_other(client, convention):
    association = association_de(convention)
    deposer(association)
    html = client.get(reverse("accueil")).content.decode()
    adresse = reverse("partenariats:logo", args=[association.pk])
    assert f'src="{adresse}"' in html
    assert "logo-ruche" in html  # the Ruche uploaded none: its drawn placeholder
    assert "logo-avaqbc" not in html  # the association's placeholder gives way to its logo
    # The header's logos are public: they are on every public page.
    response = client.get(adresse)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_new_logo_shows_at_once_in_the_cached_header(client, convention):
    client.get(reverse("accueil"))  # cached for visitors without an account
    association = association_de(convention)
    deposer(association)
    html = client.get(reverse("accueil")).content.decode()
    assert reverse("partenariats:logo", args=[association.pk]) in html


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
