"""A convention's pages speak of its own place by name: an install whose place is not the
Bagnols Ruche (or its second place) never tells a partner that "la Ruche numérique" is
told, notified or agrees."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from partenariats.models import ComiteSuivi
from ruche.models import Lieu
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import ComiteSuiviFactory
from tests.ruche.factories import PersonnelFactory, RepresentantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _novembre():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def convention():
    convention = convention_signee()
    convention.lieu = Lieu.objects.create(
        nom="L'Escale numérique", slug="escale", organisation=convention.lieu.organisation
    )
    convention.save()
    return convention


def contenu(reponse):
    """The page's own text, without its header and footer (a partner's keep the first
    place's)."""
    texte = reponse.content.decode()
    return texte[texte.index("<main") : texte.index("</main>")]


@pytest.fixture
def agent(convention):
    agent = PersonnelFactory()
    agent.lieux.add(convention.lieu)
    return agent


@pytest.fixture
def representant(convention):
    association = convention.parties.get(ordre=1).organisation
    return RepresentantFactory(organisation=association)


def test_the_partner_notifies_a_failure_of_its_place(client, convention, representant):
    client.force_login(representant)
    detail = contenu(client.get(reverse("partenariats:detail", args=[convention.pk])))
    assert "Notifier un manquement de l&#x27;Escale numérique (article 6)" in detail
    page = client.get(reverse("partenariats:manquement_de_la_ruche", args=[convention.pk]))
    texte = contenu(page)
    assert "Notifier un manquement de l&#x27;Escale numérique" in texte
    assert "Les engagements de l&#x27;Escale numérique qui ne sont pas tenus" in texte
    assert "Ruche numérique" not in texte


def test_a_committee_meets_at_the_convention_s_place_and_its_answers_name_it(
    client, convention, agent, representant
):
    client.force_login(agent)
    page = client.get(reverse("partenariats:comite_nouveau", args=[convention.pk])).content
    assert 'value="L&#x27;Escale numérique"' in page.decode()

    comite = ComiteSuiviFactory(
        convention=convention, date=dt.date(2026, 11, 20), lieu="Salle du conseil"
    )
    adresse = reverse("partenariats:comite_compte_rendu", args=[convention.pk, comite.pk])
    assert "Accord de l&#x27;Escale numérique" in client.get(adresse).content.decode()

    client.force_login(representant)
    adresse = reverse("partenariats:comite_accord", args=[convention.pk, comite.pk])
    assert "L&#x27;Escale numérique :" in client.get(adresse).content.decode()
    reponse = client.post(adresse, {"accord": ComiteSuivi.Accord.ACCORD}, follow=True)
    texte = contenu(reponse)
    assert (
        "Votre accord est enregistré. L&#x27;équipe de l&#x27;Escale numérique est prévenue."
        in texte
    )
    assert "Ruche :" not in texte and "La Ruche numérique est prévenue" not in texte


def test_a_meeting_s_participants_are_asked_for_its_place(client, convention, agent):
    client.force_login(agent)
    page = client.get(reverse("partenariats:rencontre_nouvelle", args=[convention.pk]))
    assert "Participants pour l&#x27;Escale numérique" in page.content.decode()
