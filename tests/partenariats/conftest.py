import pytest

from partenariats.models import Convention
from tests.demo import charger_demo
from tests.partenariats.factories import (
    ArticleFactory,
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
    SignatureFactory,
)


def convention_signee(nb_articles=3, association=None):
    """A convention between the Ruche and an association (a new one unless given), signed,
    with a few articles."""
    convention = ConventionFactory()
    association = PartieFactory(
        convention=convention,
        organisation=association or OrganisationFactory(en_convention=False),
        ordre=1,
    )
    ville = PartieFactory(
        convention=convention,
        organisation=RucheFactory(),
        ordre=2,
        role="Commune",
        designation="La Ruche Numérique",
    )
    SignatureFactory(partie=association)
    SignatureFactory(partie=ville, signataire_qualite="Maire")
    for numero in range(1, nb_articles + 1):
        ArticleFactory(convention=convention, numero=numero)
    return convention


@pytest.fixture
def convention(db):
    return convention_signee()


@pytest.fixture
def demo(db):
    """The demo data (tests.demo): ask for it before the fixtures that write."""
    charger_demo()
    return Convention.objects.get(titre="CONVENTION DE PARTENARIAT - La Ruche Numérique")
