import pytest

from passerelles.models import Abonnement
from passerelles.services.abonnements import faire_tourner_secret
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import DemarcheFactory, occurrence_pour


@pytest.fixture
def local(settings):
    """The tests' endpoints are on 127.0.0.1 over http: allowed here only."""
    settings.WEBHOOKS_LOCAL_AUTORISE = True


@pytest.fixture
def association():
    return OrganisationFactory(nom="Association des Aidants du Gard", sigle="AAG")


@pytest.fixture
def occurrence(association):
    demarche = DemarcheFactory(slug="retraite", nom="Analyse de vos revenus")
    return occurrence_pour(demarche, organisation=association)


def abonner(url, *, organisation=None, lieu=None, evenements=None):
    """A subscription and its first secret: (subscription, secret)."""
    abonnement = Abonnement(
        nom="Outil du partenaire", url=url, organisation=organisation, lieu=lieu
    )
    if evenements is not None:
        abonnement.evenements = evenements
    abonnement.full_clean()
    abonnement.save()
    return abonnement, faire_tourner_secret(abonnement=abonnement)
