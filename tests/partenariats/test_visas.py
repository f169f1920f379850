"""Article 5: a communication document is published only with both visas, each given by one
of that partner's own people; the list shows what waits for whose visa; the other partner
is told by mail when its visa is asked."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partenariats.models import DocumentCommunication, Visa
from tests.partenariats.factories import DocumentFactory
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    PersonnelFactory,
    RepresentantFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _le_26_novembre_2026():
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


@pytest.fixture
def gens(convention):
    association = next(p for p in convention.parties.all() if not p.organisation.est_la_ruche)
    return {
        "personnel": PersonnelFactory(first_name="Sophie", last_name="Martin"),
        "benevole": BenevoleFactory(
            organisation=association.organisation, first_name="Karim", last_name="Benali"
        ),
        # The Présidente speaks for the association: she gives its visa.
        "presidente": RepresentantFactory(
            organisation=association.organisation, first_name="Maryse", last_name="Nordez-Ryez"
        ),
        "benevole_autre": BenevoleFactory(),
        "comite": ComiteFactory(),
    }


def viser(client, document):
    return client.post(reverse("partenariats:communication_viser", args=[document.pk]))


def test_a_volunteer_deposits_and_the_ruche_is_asked_by_mail(client_de, gens, convention):
    client = client_de(gens["benevole"])
    response = client.post(
        reverse("partenariats:communication_deposer"),
        {
            "convention": convention.pk,
            "titre": "Affiche ateliers seniors",
            "nature": "affiche",
            "fichier": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = DocumentCommunication.objects.get()
    assert document.depose_par == gens["benevole"]
    # The Ruche's staff, and the association's Présidente: a volunteer gives no visa.
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[gens["personnel"].email], [gens["presidente"].email]]
    )
    assert all("Affiche ateliers seniors" in m.subject for m in mail.outbox)


def test_staff_deposit_asks_the_association(client_de, gens, convention):
    response = client_de(gens["personnel"]).post(
        reverse("partenariats:document_nouveau", args=[convention.pk]),
        {"titre": "Flyer", "nature": "flyer", "fichier": SimpleUploadedFile("f.pdf", PDF)},
    )
    assert response.status_code == 302
    [message] = mail.outbox  # those who give the association's visa
    assert message.to == [gens["presidente"].email]


def test_each_partner_gives_its_own_visa_then_it_can_be_published(client_de, gens, convention):
    document = DocumentFactory(convention=convention)
    client = client_de(gens["presidente"])
    liste = client.get(reverse("partenariats:communication")).content.decode()
    assert "Donner notre visa" in liste and "Pas encore : visa manquant" in liste
    # Publishing before both visas is refused.
    client.post(reverse("partenariats:communication_publier", args=[document.pk]))
    document.refresh_from_db()
    assert document.publie_le is None

    assert viser(client, document).status_code == 302
    visa = Visa.objects.get()
    assert visa.partie.organisation == gens["presidente"].organisation
    assert (visa.vise_par, visa.vise_le) == ("Maryse Nordez-Ryez", date(2026, 11, 26))
    assert visa.utilisateur == gens["presidente"]
    # Posting again does not make a second visa, nor the Ruche's.
    assert viser(client, document).status_code == 302
    assert Visa.objects.count() == 1

    client = client_de(gens["personnel"])
    assert viser(client, document).status_code == 302
    assert {v.partie.organisation.est_la_ruche for v in Visa.objects.all()} == {True, False}
    assert "Sophie Martin" in client.get(reverse("partenariats:communication")).content.decode()
    client.post(reverse("partenariats:communication_publier", args=[document.pk]))
    document.refresh_from_db()
    assert document.publie_le == date(2026, 11, 26)


def test_the_presidente_cannot_give_the_ruche_s_visa(client_de, gens, convention):
    document = DocumentFactory(convention=convention)
    client = client_de(gens["presidente"])
    viser(client, document)
    assert viser(client, document).status_code == 302
    assert [v.partie.organisation.est_la_ruche for v in Visa.objects.all()] == [False]


def test_a_volunteer_who_does_not_speak_for_the_association_gives_no_visa(
    client_de, gens, convention
):
    document = DocumentFactory(convention=convention)
    client = client_de(gens["benevole"])
    assert (
        "Donner notre visa"
        not in client.get(reverse("partenariats:communication")).content.decode()
    )
    assert viser(client, document).status_code == 403
    assert Visa.objects.count() == 0


@pytest.mark.parametrize(
    ("qui", "attendu"),
    [("benevole_autre", 404), ("comite", 403), (None, 302)],
)
def test_others_cannot_give_a_visa(client_de, gens, convention, qui, attendu):
    document = DocumentFactory(convention=convention)
    response = viser(client_de(gens[qui] if qui else None), document)
    assert response.status_code == attendu
    assert Visa.objects.count() == 0


def test_a_volunteer_of_another_organisation_sees_nothing_of_it(client_de, gens, convention):
    document = DocumentFactory(convention=convention)
    client = client_de(gens["benevole_autre"])
    assert document.titre not in client.get(reverse("partenariats:communication")).content.decode()
    for nom in ("communication_fichier", "communication_publier", "communication_viser"):
        methode = client.get if nom.endswith("fichier") else client.post
        assert methode(reverse(f"partenariats:{nom}", args=[document.pk])).status_code == 404
    # Nor can they deposit a document on a convention their organisation is not party to.
    response = client.post(
        reverse("partenariats:communication_deposer"),
        {
            "convention": convention.pk,
            "titre": "X",
            "nature": "flyer",
            "fichier": SimpleUploadedFile("f.pdf", PDF),
        },
    )
    assert response.status_code == 200
    assert "convention" in response.context["form"].errors
    assert DocumentCommunication.objects.count() == 1


def test_the_volunteer_and_the_committee_read_the_file(client_de, gens, convention):
    document = DocumentFactory(convention=convention)
    adresse = reverse("partenariats:communication_fichier", args=[document.pk])
    for qui in ("benevole", "comite", "personnel"):
        assert client_de(gens[qui]).get(adresse).status_code == 200


@pytest.mark.parametrize("document", ["999999", "abc"])
def test_unknown_document_is_a_404(client_de, gens, document):
    assert client_de(gens["personnel"]).post(f"/communication/{document}/viser/").status_code == 404
