"""Who reaches the convention pages, what they show, and at what cost in queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partenariats.models import ComiteSuivi
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import (
    ArticleAvenantFactory,
    ArticleFactory,
    AvenantFactory,
    ComiteSuiviFactory,
    DocumentFactory,
    EngagementFactory,
    ManquementFactory,
    VisaFactory,
)

pytestmark = pytest.mark.django_db

LECTURE = [
    "partenariats:liste",
    "partenariats:detail",
    "partenariats:pdf",
    "partenariats:avenant_pdf",
]
SAISIE = [
    "partenariats:comite_nouveau",
    "partenariats:avenant_nouveau",
    "partenariats:manquement_nouveau",
    "partenariats:fin",
    "partenariats:scan",
    "partenariats:document_nouveau",
]


def url(name, convention):
    if name == "partenariats:liste":
        return reverse(name)
    if name == "partenariats:avenant_pdf":
        return reverse(name, args=[convention.pk, 1])
    return reverse(name, args=[convention.pk])


@pytest.fixture
def convention_avec_avenant(convention):
    avenant = AvenantFactory(convention=convention)
    ArticleAvenantFactory(avenant=avenant)
    return convention


@pytest.mark.parametrize("name", LECTURE)
@pytest.mark.parametrize(
    ("role", "attendu"),
    [(None, 302), ("sans_role", 403), ("benevole", 403), ("personnel", 200), ("comite", 200)],
)
def test_reading_grid(request, client_de, convention_avec_avenant, name, role, attendu):
    utilisateur = request.getfixturevalue(role) if role else None
    response = client_de(utilisateur).get(url(name, convention_avec_avenant))
    assert response.status_code == attendu
    if attendu == 302:
        assert response.url.startswith(reverse("login") + "?next=")
    if attendu == 200 and name.endswith("pdf"):
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", SAISIE)
@pytest.mark.parametrize(
    ("role", "attendu"),
    [(None, 302), ("benevole", 403), ("comite", 403), ("personnel", 200)],
)
def test_staff_forms_grid(request, client_de, convention, name, role, attendu):
    utilisateur = request.getfixturevalue(role) if role else None
    assert client_de(utilisateur).get(url(name, convention)).status_code == attendu


@pytest.mark.parametrize("name", [n for n in LECTURE + SAISIE if n != "partenariats:liste"])
def test_unknown_convention_is_a_404(client_de, personnel, name):
    class Absente:
        pk = 987654

    assert client_de(personnel).get(url(name, Absente)).status_code == 404


def test_unknown_amendment_and_foreign_document_are_404(client_de, personnel, convention):
    client = client_de(personnel)
    assert (
        client.get(reverse("partenariats:avenant_pdf", args=[convention.pk, 9])).status_code == 404
    )
    autre = DocumentFactory()  # belongs to another convention
    adresse = reverse("partenariats:document_fichier", args=[convention.pk, autre.pk])
    assert client.get(adresse).status_code == 404


@pytest.mark.parametrize("valeur", ["2025-02-30", "demain", "99999-01-01", "2025-13-01", "'; drop"])
def test_a_bad_date_in_the_query_string_gets_a_french_message(
    client_de, comite, convention, valeur
):
    response = client_de(comite).get(
        reverse("partenariats:detail", args=[convention.pk]), {"date": valeur}
    )
    assert response.status_code == 200
    assert "Date non reconnue" in response.content.decode()


def test_the_date_picker_shows_the_text_in_force_that_day(client_de, comite, convention):
    avenant = AvenantFactory(convention=convention, prend_effet_le=date(2025, 7, 1))
    ArticleAvenantFactory(
        avenant=avenant, numero=2, titre="Engagements", texte="Texte de l'avenant."
    )
    adresse = reverse("partenariats:detail", args=[convention.pk])
    avant = client_de(comite).get(adresse, {"date": "2025-06-30"}).content.decode()
    apres = client_de(comite).get(adresse, {"date": "2025-07-01"}).content.decode()
    assert (
        "Texte de l&#x27;avenant." not in avant.split("Le texte en vigueur")[1].split("Avenants")[0]
    )
    assert "Texte de l&#x27;avenant." in apres
    assert "Remplace l'article 2." in apres


@time_machine.travel(date(2026, 11, 26))
def test_the_demo_seen_on_26_november_2026(demo, client_de, comite):
    liste = client_de(comite).get(reverse("partenariats:liste")).content.decode()
    assert "du 1er janvier 2026 au 31 décembre 2026" in liste
    assert "31 décembre 2026" in liste
    assert "Comité de suivi pas encore tenu : il doit se réunir avant le 31 décembre 2026." in liste
    detail = client_de(comite).get(reverse("partenariats:detail", args=[demo.pk])).content.decode()
    assert "En vigueur" in detail
    assert "Période en cours : du 1er janvier 2026 au 31 décembre 2026." in detail
    assert "Prochain comité de suivi : avant le 31 décembre 2026." in detail
    assert "Le scan de l&#x27;original signé manque." in detail
    # The flyer still waits for the association's visa.
    assert "Flyer des permanences" in detail and 'etiquette-alerte">A.V.A.Q.B-C' in detail
    # The committee does not see the staff forms.
    assert reverse("partenariats:comite_nouveau", args=[demo.pk]) not in detail


def test_alerts_for_breach_and_unsigned(client_de, personnel, convention):
    ManquementFactory(convention=convention, notifie_le=date(2026, 11, 10))
    convention.parties.first().signature.delete()
    with time_machine.travel(date(2026, 11, 26)):
        html = client_de(personnel).get(reverse("partenariats:liste")).content.decode()
    assert "la convention sera caduque le 10 décembre 2026" in html
    assert "pas encore signée par toutes les parties" in html


def _requetes(client, convention):
    with CaptureQueriesContext(connection) as contexte:
        response = client.get(reverse("partenariats:detail", args=[convention.pk]))
    assert response.status_code == 200
    return len(contexte)


def _grossir(convention, n):
    association, ville = convention.parties.all()
    for i in range(n):
        ComiteSuiviFactory(
            convention=convention,
            date=date(2024, 1, 1 + i),
            decision=ComiteSuivi.Decision.EN_ATTENTE,
        )
        avenant = AvenantFactory(
            convention=convention, date=date(2024, 2, 1 + i), prend_effet_le=date(2024, 3, 1 + i)
        )
        ArticleAvenantFactory(avenant=avenant, numero=20 + i)
        ArticleAvenantFactory(avenant=avenant, numero=1, titre="Durée", texte=f"Version {i}.")
        document = DocumentFactory(convention=convention)
        VisaFactory(document=document, partie=ville)
    for numero in range(100, 100 + n):
        article = ArticleFactory(convention=convention, numero=numero)
        EngagementFactory(article=article, partie=association, ordre=1)
        EngagementFactory(article=article, partie=ville, ordre=1)


def test_detail_queries_do_not_grow_with_events_and_articles(
    client_de, personnel, django_assert_max_num_queries
):
    client = client_de(personnel)
    petite = convention_signee(nb_articles=1)
    grande = convention_signee(nb_articles=3)
    _grossir(petite, 1)
    _grossir(grande, 15)
    _requetes(client, petite)  # the first request reads the account (ruche.comptes),
    _requetes(client, petite)  # the second the session before its copy serves (ruche.sessions)
    n = _requetes(client, petite)
    with django_assert_max_num_queries(n):
        client.get(reverse("partenariats:detail", args=[grande.pk]))
    assert _requetes(client, grande) == n
