"""With two places, a place's affairs are mailed to that place's desk and staff only, and
every message is signed by the place (and, for a resident, by the association too)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from partenariats.models import ComiteSuivi
from partenariats.services.alertes import envoyer_alertes_fin
from partenariats.services.comites import rappeler_comites
from passerelles.models import Abonnement
from passerelles.services.livraisons import mettre_en_pause
from permanences.services.calendrier import annuler_occurrence
from permanences.services.notifications import notifier_rendez_vous
from ruche.destinataires import adresses_du_lieu, adresses_du_personnel, signature
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import (
    ComiteSuiviFactory,
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    OccurrenceFactory,
    PermanenceFactory,
    RendezVousFactory,
    SalleFactory,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_lieux(settings):
    settings.RUCHE_STAFF_EMAIL = "accueil@ruche.fr"
    a = lieu_principal()
    b = Lieu.objects.create(
        nom="France Services Pont",
        slug="pont",
        courriel="accueil@pont.fr",
        organisation=a.organisation,
    )
    PersonnelFactory(email="agent-a@ruche.fr").lieux.add(a)
    PersonnelFactory(email="agent-b@pont.fr").lieux.add(b)
    PersonnelFactory(email="sans-lieu@ruche.fr")  # sees no place: told nothing
    return a, b


@pytest.fixture
def partenaire(db):
    return OrganisationFactory(nom="Association des quartiers", sigle="ADQ", en_convention=False)


def convention_a(lieu, partenaire, **comite):
    convention = ConventionFactory(lieu=lieu, titre=f"Convention {lieu.nom}")
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    if comite:
        ComiteSuiviFactory(convention=convention, **comite)
    return convention


def destinataires():
    return sorted(a for m in mail.outbox for a in m.to)


def test_a_place_is_told_through_its_own_desk_and_staff(deux_lieux):
    a, b = deux_lieux
    assert adresses_du_lieu(a) == ["accueil@ruche.fr"]
    assert adresses_du_lieu(b.pk) == ["accueil@pont.fr"]
    b.courriel = ""
    b.save()
    assert adresses_du_lieu(b) == ["agent-b@pont.fr"]  # no desk address: its staff
    b.equipe.clear()
    assert adresses_du_lieu(b) == ["accueil@ruche.fr"]  # nobody: the install's address


def test_with_one_place_every_staff_account_is_the_place_s(settings):
    PersonnelFactory(email="agent@ruche.fr")  # no place given: the only one
    assert adresses_du_personnel(lieu_principal()) == ["agent@ruche.fr"]


def test_a_session_cancelled_at_one_place_is_told_to_that_place_only(
    deux_lieux, partenaire, django_capture_on_commit_callbacks
):
    _a, b = deux_lieux
    benevole = BenevoleFactory(organisation=partenaire)
    occurrence = OccurrenceFactory(
        permanence=PermanenceFactory(
            calendrier=CalendrierFactory(organisation=partenaire, lieu=b),
            salle=SalleFactory(lieu=b, nom="Salle du pont"),
        ),
        date=dt.date(2027, 1, 5),
    )
    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        annuler_occurrence(occurrence=occurrence, motif="Présidente malade", par=benevole)
    [message] = mail.outbox
    assert message.to == ["accueil@pont.fr"]
    assert message.body.rstrip().endswith("France Services Pont")


def test_a_convention_s_end_and_its_committee_are_told_to_its_place_only(
    deux_lieux, partenaire, settings, django_capture_on_commit_callbacks
):
    _a, b = deux_lieux
    settings.ALERTES_FIN_JOURS = [60]
    BenevoleFactory(organisation=partenaire, email="presidente@adq.fr")
    convention_a(
        b,
        partenaire,
        date=dt.date(2026, 10, 15),
        decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
    )
    mail.outbox.clear()
    with (
        time_machine.travel(dt.date(2026, 11, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert envoyer_alertes_fin() == 1
    assert destinataires() == ["accueil@pont.fr", "agent-b@pont.fr", "presidente@adq.fr"]
    assert all(m.body.rstrip().endswith("France Services Pont") for m in mail.outbox)

    convention_a(b, partenaire)  # in force, no committee planned this year
    mail.outbox.clear()
    with time_machine.travel(dt.date(2026, 10, 1), tick=False):
        assert rappeler_comites() == 1
    assert destinataires() == ["agent-b@pont.fr"]


def confirmation(lieu, partenaire, langue):
    """The mail confirming an appointment with the partner at the place, in `langue`."""
    rdv = RendezVousFactory(
        occurrence=OccurrenceFactory(
            permanence=PermanenceFactory(
                calendrier=CalendrierFactory(organisation=partenaire, lieu=lieu),
                salle=SalleFactory(lieu=lieu, nom="Salle du pont"),
            )
        ),
        demarche=DemarcheFactory(lieu=lieu),
        langue=langue,
    )
    mail.outbox.clear()
    notifier_rendez_vous(rdv, "confirme")
    [message] = mail.outbox
    return message.body


@pytest.mark.parametrize(
    "langue, signe",
    [
        ("fr", "France Services Pont et l'association ADQ"),
        ("en", "France Services Pont and the ADQ association"),
    ],
)
def test_a_resident_s_message_is_signed_by_the_place_and_the_association(
    deux_lieux, partenaire, langue, signe
):
    _a, b = deux_lieux
    corps = confirmation(b, partenaire, langue)
    assert corps.rstrip().endswith(signe)
    assert "A.V.A.Q.B-C" not in corps and "Ruche" not in corps


def test_the_signature_names_the_partner_by_its_nature(deux_lieux):
    _a, b = deux_lieux
    assert signature(b) == "France Services Pont"
    assert signature(b, RucheFactory()) == "France Services Pont"
    assert (
        signature(b, OrganisationFactory(nom="Caisse de retraite", sigle="", nature="institution"))
        == "France Services Pont et Caisse de retraite"
    )


def test_the_staff_s_pages_warn_of_their_own_place_s_ends_only(client, deux_lieux, partenaire):
    a, b = deux_lieux
    convention_a(
        b,
        partenaire,
        date=dt.date(2026, 10, 15),
        decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
    )
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        for lieu, averti in ((a, False), (b, True)):
            agent = PersonnelFactory()
            agent.lieux.add(lieu)
            client.force_login(agent)
            page = client.get("/conventions/").content.decode()
            assert ("Fin de convention à venir" in page) is averti, lieu


def test_a_place_s_paused_webhooks_are_told_to_that_place(
    deux_lieux, django_capture_on_commit_callbacks
):
    _a, b = deux_lieux
    abonnement = Abonnement.objects.create(nom="Outil", url="https://outil.exemple.fr/", lieu=b)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mettre_en_pause(abonnement, raison="HTTP 500")
    [message] = mail.outbox
    assert message.to == ["accueil@pont.fr"]
    assert message.body.rstrip().endswith("France Services Pont")
