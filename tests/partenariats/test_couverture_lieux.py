"""A convention binds a partner to one place (the place's operating organisation signs it):
a partner under convention with place A only cannot hold a room, a permanence, a workshop or
public slots at place B (Articles 1 and 3, per place)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from permanences.models import Atelier, ReservationSalle
from permanences.selecteurs.ateliers import ateliers_publics
from permanences.services.ateliers import creer_atelier
from permanences.services.disponibilites import creneaux_publics
from permanences.services.salles import reserver_salle
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    SalleFactory,
    occurrence_pour,
    paris,
)

pytestmark = pytest.mark.django_db

AILLEURS = "Aucune convention avec AQ n'est en vigueur"


@pytest.fixture
def deux_lieux():
    a = lieu_principal()
    b = Lieu.objects.create(nom="France Services Pont", slug="pont")
    partenaire = OrganisationFactory(
        nom="Association des quartiers", sigle="AQ", en_convention=False
    )
    convention = ConventionFactory(
        lieu=a, debut=dt.date(2020, 1, 1), premiere_fin=dt.date(2020, 12, 31)
    )
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)
    salles = {
        cle: SalleFactory(nom="Salle Cèze", lieu=lieu) for cle, lieu in {"a": a, "b": b}.items()
    }
    return {"a": a, "b": b, "partenaire": partenaire, "salles": salles}


def test_a_partner_of_one_place_cannot_book_a_room_at_another(deux_lieux):
    partenaire, salles = deux_lieux["partenaire"], deux_lieux["salles"]
    heures = {"debut": paris(2031, 3, 4, 9), "fin": paris(2031, 3, 4, 10)}
    reserver_salle(
        salle=salles["a"], organisation=partenaire, objet=ReservationSalle.Objet.AUTRE, **heures
    )
    with pytest.raises(ValidationError, match=AILLEURS):
        reserver_salle(
            salle=salles["b"],
            organisation=partenaire,
            objet=ReservationSalle.Objet.AUTRE,
            **heures,
        )


def test_a_partner_of_one_place_cannot_hold_a_workshop_at_another(deux_lieux):
    partenaire = deux_lieux["partenaire"]
    with pytest.raises(ValidationError, match=AILLEURS):
        creer_atelier(
            titre="Premiers pas",
            description="",
            public=Atelier.Public.SENIORS,
            organisation=partenaire,
            salle=deux_lieux["salles"]["b"],
            debut=paris(2031, 3, 4, 14),
            fin=paris(2031, 3, 4, 16),
            capacite=4,
        )


def test_slots_and_workshops_of_the_partner_are_offered_at_its_place_only(deux_lieux):
    partenaire = deux_lieux["partenaire"]
    offerts = {}
    for cle in ("a", "b"):
        lieu, salle = deux_lieux[cle], deux_lieux["salles"][cle]
        demarche = DemarcheFactory(lieu=lieu, slug=f"retraite-{cle}")
        # Made as they stood before the rule (a stale session at the other place).
        occurrence_pour(demarche, salle=salle, organisation=partenaire)
        offerts[cle] = creneaux_publics(demarche=demarche)
        AtelierFactory(organisation=partenaire, salle=salle)  # saved without the rule
    assert offerts["a"]
    assert offerts["b"] == []
    publics = {cle: ateliers_publics(lieu=deux_lieux[cle])[0] for cle in ("a", "b")}
    assert [a.salle.lieu for a in publics["a"]] == [deux_lieux["a"]]
    assert publics["b"] == []


def test_the_open_data_publishes_the_workshops_the_public_pages_offer(client, deux_lieux):
    """data·inclusion's services list a partner's workshop where its convention covers it,
    as the public list does, and follow a convention made since (cached at the network's
    public version, which a convention renews)."""
    partenaire = deux_lieux["partenaire"]
    for n, cle in enumerate("ab", start=1):
        Lieu.objects.filter(pk=deux_lieux[cle].pk).update(
            adresse=f"{n} place de la Mairie",
            code_postal="30200",
            commune="Bagnols-sur-Cèze",
            code_insee="30028",
            latitude="44.162300",
            longitude="4.619300",
        )
    AtelierFactory(organisation=partenaire, salle=deux_lieux["salles"]["a"], titre="À Bagnols")
    AtelierFactory(organisation=partenaire, salle=deux_lieux["salles"]["b"], titre="À Pont")

    def publies():
        services = json.loads(client.get("/donnees/data-inclusion/services.json").content)
        return sorted(s["nom"] for s in services if s["type"] == "atelier")

    assert publies() == ["À Bagnols"]
    convention = ConventionFactory(
        lieu=deux_lieux["b"], debut=dt.date(2020, 1, 1), premiere_fin=dt.date(2020, 12, 31)
    )
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)
    assert publies() == ["À Bagnols", "À Pont"]
