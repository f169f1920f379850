"""Staff forms: bad input gets a French message beside the field and nothing is saved."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partenariats.models import (
    ArticleAvenant,
    Avenant,
    ComiteSuivi,
    Convention,
    DocumentCommunication,
    Manquement,
    Resiliation,
)
from tests.partenariats.factories import ResiliationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _le_26_novembre_2026():
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


PDF = b"%PDF-1.7\n%scan\n%%EOF\n"


def poster(client, name, convention, data, *args):
    return client.post(reverse(f"partenariats:{name}", args=[convention.pk, *args]), data)


def erreur_du_champ(response, champ):
    """The error shown beside the field (crispy renders it under the input)."""
    assert response.status_code == 200
    form = response.context["form"]
    assert champ in form.errors, form.errors
    html = response.content.decode()
    assert f'id="error_1_id_{champ}"' in html
    assert "Rien n'a été enregistré" in html
    return " ".join(form.errors[champ])


@pytest.fixture
def staff(client_de, personnel):
    return client_de(personnel)


def avenant_data(**changes):
    data = {
        "date": "2026-06-01",
        "prend_effet_le": "2026-07-01",
        "motif": "Un créneau le jeudi.",
        "articles-TOTAL_FORMS": "2",
        "articles-INITIAL_FORMS": "0",
        "articles-MIN_NUM_FORMS": "1",
        "articles-MAX_NUM_FORMS": "1000",
        "articles-0-numero": "7",
        "articles-0-titre": "Créneau du jeudi",
        "articles-0-texte": "Un créneau est ouvert le jeudi.",
    }
    return {**data, **changes}


def test_amendment_recorded_with_its_articles(staff, convention):
    response = poster(staff, "avenant_nouveau", convention, avenant_data())
    assert response.status_code == 302
    avenant = Avenant.objects.get()
    assert avenant.numero == 1
    assert [a.numero for a in avenant.articles.all()] == [7]


def test_amendment_on_a_terminated_convention(staff, convention):
    ResiliationFactory(convention=convention, date=date(2026, 3, 1))
    response = poster(staff, "avenant_nouveau", convention, avenant_data())
    assert "ne peut plus la modifier" in erreur_du_champ(response, "date")
    assert Avenant.objects.count() == 0


def test_amendment_effective_before_the_start(staff, convention):
    response = poster(
        staff, "avenant_nouveau", convention, avenant_data(prend_effet_le="2023-01-01")
    )
    assert "avant le début de la convention" in erreur_du_champ(response, "prend_effet_le")
    assert Avenant.objects.count() == 0


def test_amendment_with_a_bad_article_saves_nothing(staff, convention):
    response = poster(
        staff,
        "avenant_nouveau",
        convention,
        avenant_data(
            **{"articles-0-numero": "0", "articles-1-numero": "3", "articles-1-titre": "Sans texte"}
        ),
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "numero" in formset.forms[0].errors
    assert "texte" in formset.forms[1].errors
    assert "Rien n'a été enregistré" in response.content.decode()
    assert Avenant.objects.count() == 0 and ArticleAvenant.objects.count() == 0


def test_amendment_without_any_article(staff, convention):
    response = poster(
        staff,
        "avenant_nouveau",
        convention,
        avenant_data(**{"articles-0-numero": "", "articles-0-titre": "", "articles-0-texte": ""}),
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert Avenant.objects.count() == 0


def test_an_amendment_failing_in_the_database_leaves_nothing_half_saved(
    staff, convention, monkeypatch
):
    from partenariats.forms import ArticleAvenantFormSet

    def panne(self, *args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(ArticleAvenantFormSet, "save", panne)
    with pytest.raises(RuntimeError):
        poster(staff, "avenant_nouveau", convention, avenant_data())
    assert Avenant.objects.count() == 0


def test_breach(staff, convention):
    response = poster(
        staff,
        "manquement_nouveau",
        convention,
        {"article": "6", "notifie_le": "2026-11-09", "recue_le": "2026-11-10", "description": "x"},
    )
    assert response.status_code == 302
    assert Manquement.objects.get().caduque_le == date(2026, 12, 10)
    response = poster(
        staff,
        "manquement_nouveau",
        convention,
        {"article": "6", "notifie_le": "2023-01-10", "description": "x"},
    )
    assert "ne commence que" in erreur_du_champ(response, "notifie_le")
    assert Manquement.objects.count() == 1


def test_termination(staff, convention):
    response = poster(staff, "fin", convention, {"date": "2024-01-01", "motif": "x"})
    assert "doit suivre le début" in erreur_du_champ(response, "date")
    assert Resiliation.objects.count() == 0
    # First what it cancels, nothing recorded; then the confirmation records it.
    donnees = {"date": "2026-12-01", "motif": "Fin d'activité"}
    response = poster(staff, "fin", convention, donnees)
    assert response.status_code == 200 and "Confirmer la fin" in response.content.decode()
    assert Resiliation.objects.count() == 0
    response = poster(staff, "fin", convention, {**donnees, "confirmer": "1"})
    assert response.status_code == 302
    assert Resiliation.objects.get().date == date(2026, 12, 1)
    # A second termination is not offered: the page shows the end already recorded.
    page = staff.get(reverse("partenariats:fin", args=[convention.pk])).content.decode()
    assert 'name="motif"' not in page and "30 novembre 2026" in page


def test_signed_scan(staff, convention):
    response = poster(
        staff, "scan", convention, {"scan_signe": SimpleUploadedFile("scan.pdf", b"MZ\x90 exe")}
    )
    assert "n'est pas un PDF" in erreur_du_champ(response, "scan_signe")
    response = poster(staff, "scan", convention, {})
    assert "obligatoire" in erreur_du_champ(response, "scan_signe")
    convention.refresh_from_db()
    assert not convention.scan_signe and convention.scan_sha256 == ""

    response = poster(
        staff, "scan", convention, {"scan_signe": SimpleUploadedFile("scan.pdf", PDF)}
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.scan_signe and len(convention.scan_sha256) == 64


def test_communication_document(staff, convention):
    mauvais = {
        "titre": "Flyer",
        "nature": "flyer",
        "fichier": SimpleUploadedFile("f.pdf", b"hello"),
    }
    response = poster(staff, "document_nouveau", convention, mauvais)
    assert "n'est pas un PDF ou PNG ou JPEG" in erreur_du_champ(response, "fichier")
    assert DocumentCommunication.objects.count() == 0

    bon = {"titre": "Flyer", "nature": "flyer", "fichier": SimpleUploadedFile("f.pdf", PDF)}
    assert poster(staff, "document_nouveau", convention, bon).status_code == 302
    document = DocumentCommunication.objects.get()
    assert document.visas_manquants() == list(convention.parties.all())
    # The visas are given on the communication page (tests/partenariats/test_visas.py).


def test_the_committee_cannot_post(client_de, comite, convention):
    response = poster(
        client_de(comite),
        "comite_nouveau",
        convention,
        {"date": "2026-12-10", "heure": "14:00", "lieu": "La Ruche numérique"},
    )
    assert response.status_code == 403
    assert ComiteSuivi.objects.count() == 0
    assert Convention.objects.count() == 1
