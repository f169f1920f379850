"""A committee and the report presented to it: the year defaults to the meeting's, the
convention's timeline links to the report, and the report's period comes from the term
module."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from partenariats.models import ComiteSuivi
from tests.partenariats.factories import ComiteSuiviFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _le_26_novembre_2026():
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


def test_the_report_year_defaults_to_the_year_of_the_meeting(client_de, personnel, convention):
    reponse = client_de(personnel).post(
        reverse("partenariats:comite_nouveau", args=[convention.pk]),
        {"date": "2025-11-27", "heure": "14:00", "lieu": "La Ruche numérique"},
    )
    assert reponse.status_code == 302
    assert ComiteSuivi.objects.get().annee_rapport == 2025
    assert ComiteSuiviFactory(convention=convention, date=date(2024, 11, 28)).annee_rapport == 2024
    choisie = ComiteSuiviFactory(convention=convention, date=date(2026, 10, 15), annee_rapport=2025)
    assert choisie.annee_rapport == 2025


def test_the_admin_form_says_an_empty_year_is_the_meeting_s(admin_client, convention):
    html = admin_client.get(reverse("admin:partenariats_comitesuivi_add")).content.decode()
    assert "Laissée vide : l'année de la réunion." in html


def test_the_timeline_links_each_committee_to_its_report(client_de, comite, convention):
    ComiteSuiviFactory(convention=convention, date=date(2024, 11, 28))
    ComiteSuiviFactory(convention=convention, date=date(2025, 11, 27), annee_rapport=2025)
    client = client_de(comite)
    html = client.get(reverse("partenariats:detail", args=[convention.pk])).content.decode()
    for annee in (2024, 2025):
        lien = f'href="/statistiques/{annee}/rapport.pdf?convention={convention.pk}"'
        assert lien in html
        assert f"Rapport {annee} présenté au comité (PDF)" in html
    reponse = client.get(f"/statistiques/2025/rapport.pdf?convention={convention.pk}")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
