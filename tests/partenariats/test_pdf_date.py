"""The convention as in force on any date (`?date=`): the avenants applied by then, and the
signed wording of the articles they changed."""

from datetime import date

import pytest
from django.urls import reverse

from tests.partenariats.factories import ArticleAvenantFactory, AvenantFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_pdf_in_force_on_a_date_lists_the_avenants_applied(client_de, comite, convention):
    avenant = AvenantFactory(
        convention=convention, numero=1, date=date(2025, 6, 1), prend_effet_le=date(2025, 7, 1)
    )
    ArticleAvenantFactory(avenant=avenant, numero=2, titre="Engagements", texte="Texte modifié.")
    AvenantFactory(
        convention=convention, numero=2, date=date(2026, 6, 1), prend_effet_le=date(2026, 7, 1)
    )
    adresse = reverse("partenariats:pdf", args=[convention.pk])
    response = client_de(comite).get(adresse, {"date": "2025-08-01"})
    assert response.status_code == 200
    assert (
        "convention-" in response["Content-Disposition"]
        and "2025-08-01" in (response["Content-Disposition"])
    )
    texte = " ".join(" ".join(pdf_text(response.content)).split())
    assert "Texte consolidé en vigueur le 1er août 2025, modifié par l'avenant n° 1." in texte
    assert "Avenants appliqués au 1er août 2025" in texte
    assert "Avenant n° 1, signé le 1er juin 2025" in texte
    assert "Avenant n° 2" not in texte  # not yet in force on that day
    assert "Texte modifié." in texte
    assert "Texte signé des articles modifiés" in texte
    assert "(rédaction signée)" in texte


@pytest.mark.parametrize("valeur", ["2025-02-30", "demain", "0001-01-01", "9" * 300])
def test_a_bad_date_goes_back_to_the_page_with_the_message(client_de, comite, convention, valeur):
    client = client_de(comite)
    response = client.get(reverse("partenariats:pdf", args=[convention.pk]), {"date": valeur})
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["form_date"].errors["date"]
