"""With two places, the staff of one see the partners of their place only: in their list of
partners' logos, in the logo's page, in the organisations offered for a room booking."""

import pytest
from django.urls import reverse

from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_a(client):
    a = lieu_principal()
    b = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    for lieu, nom in ((a, "Association Alpha"), (b, "Association Bêta")):
        partenaire = OrganisationFactory(nom=nom, en_convention=False)
        PartieFactory(convention=ConventionFactory(lieu=lieu), organisation=partenaire)
    agent = PersonnelFactory()
    agent.lieux.add(a)
    client.force_login(agent)
    return agent


def test_the_partners_of_another_place_are_not_the_staffs(client, agent_a):
    liste = client.get(reverse("partenariats:organisations")).content.decode()
    assert "Association Alpha" in liste and "Association Bêta" not in liste
    beta = OrganisationFactory(nom="Association Bêta")
    assert client.get(reverse("partenariats:logo_modifier", args=[beta.pk])).status_code == 404
    reservation = client.get(reverse("permanences:reserver")).content.decode()
    assert "Association Alpha" in reservation and "Association Bêta" not in reservation
