"""Every partnership model has a working admin list, search and form."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from partenariats.models import ComiteSuivi, Considerant, Moyen, Objectif, Visa
from tests.partenariats.factories import (
    ArticleAvenantFactory,
    AvenantFactory,
    ComiteSuiviFactory,
    DocumentFactory,
    EngagementFactory,
    ManquementFactory,
    ResiliationFactory,
    VisaFactory,
)

pytestmark = pytest.mark.django_db

# The models this app's admin registers (the organisations among them, which live in ruche).
MODELES = [
    modele
    for modele, modele_admin in admin.site._registry.items()
    if type(modele_admin).__module__.startswith("partenariats.")
]


@pytest.fixture
def donnees(convention):
    avenant = AvenantFactory(convention=convention)
    ArticleAvenantFactory(avenant=avenant)
    ComiteSuiviFactory(convention=convention, date=date(2026, 10, 15), decision="en_attente")
    ManquementFactory(convention=convention, notifie_le=date(2026, 11, 1))
    ResiliationFactory(convention=convention, date=date(2026, 12, 15))
    partie = convention.parties.first()
    EngagementFactory(article=convention.articles.get(numero=2), partie=partie, ordre=9)
    VisaFactory(document=DocumentFactory(convention=convention), partie=partie)
    Considerant.objects.create(convention=convention, ordre=1, texte="Ouvert en 2020, la Ruche…")
    Objectif.objects.create(convention=convention, ordre=1, texte="accompagner les familles,")
    Moyen.objects.create(convention=convention, ordre=1, texte="un usage des locaux,")
    return convention


@pytest.mark.parametrize("model", MODELES, ids=lambda m: m.__name__)
def test_admin_pages(client_de, personnel, donnees, model):
    client = client_de(personnel)
    nom = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{nom}_changelist")).status_code == 200
    assert client.get(reverse(f"{nom}_changelist"), {"q": "Bagnols"}).status_code == 200
    # A visa is given on the site by one of the partner's own, never typed in the admin.
    assert client.get(reverse(f"{nom}_add")).status_code == (403 if model is Visa else 200)
    objet = model.objects.first()
    assert client.get(reverse(f"{nom}_change", args=[objet.pk])).status_code == 200
    assert client.get(reverse(f"{nom}_history", args=[objet.pk])).status_code == 200


def test_admin_refuses_a_committee_outside_the_period(client_de, personnel, convention):
    response = client_de(personnel).post(
        reverse("admin:partenariats_comitesuivi_add"),
        {
            "convention": convention.pk,
            "date": "2023-11-20",
            "participants": "X",
            "decision": "reconduire",
        },
    )
    assert response.status_code == 200
    assert "ne commence que le 1er janvier 2024" in response.content.decode()
    assert ComiteSuivi.objects.count() == 0


def test_events_cannot_be_deleted_in_the_admin(client_de, personnel, convention):
    comite = ComiteSuiviFactory(convention=convention)
    url = reverse("admin:partenariats_comitesuivi_delete", args=[comite.pk])
    assert client_de(personnel).get(url).status_code == 403


def test_staff_cannot_give_the_association_s_visa_through_the_admin(
    client_de, personnel, convention
):
    """Article 5: the association's visa is given by one of its own on the site. Staff try
    through the admin: the visa's own form, then a visa row added to the document's form."""
    association = next(p for p in convention.parties.all() if not p.organisation.est_la_ruche)
    document = DocumentFactory(convention=convention)
    client = client_de(personnel)
    visa = {
        "document": document.pk,
        "partie": association.pk,
        "vise_par": "Maryse NORDEZ-RYEZ",
        "vise_le": "2026-11-20",
    }
    assert client.post(reverse("admin:partenariats_visa_add"), visa).status_code == 403

    page = reverse("admin:partenariats_documentcommunication_change", args=[document.pk])
    assert client.get(page).status_code == 200
    donnees = {
        "convention": convention.pk,
        "titre": document.titre,
        "nature": document.nature,
        "visas-TOTAL_FORMS": "1",
        "visas-INITIAL_FORMS": "0",
        "visas-MIN_NUM_FORMS": "0",
        "visas-MAX_NUM_FORMS": "1000",
        **{f"visas-0-{champ}": valeur for champ, valeur in visa.items()},
        "_save": "Enregistrer",
    }
    client.post(page, donnees)
    assert not Visa.objects.filter(document=document).exists()
    assert document.visas_manquants()
