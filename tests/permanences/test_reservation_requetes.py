"""What a booking costs in a network: its queries, and the network's version rows (the
data's, every place's appointments) locked from their one write to the commit only, not
while the booking computes its démarches' free slots again; a visit typed likewise."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permanences.services.disponibilites import creneaux_publics
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from ruche.models import Lieu
from ruche.models.passage import Accompagnement
from ruche.passages.services import enregistrer_passage
from tests.permanences.factories import DemarcheFactory, occurrence_pour
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

VERSIONS = 'INSERT INTO "ruche_versiondonnees"'


@pytest.fixture
def reseau(db):
    """A network: a second place, whose pages a booking of the first does not change."""
    Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont-Saint-Esprit")


@pytest.fixture
def demarche(reseau):
    return DemarcheFactory(slug="titre-de-sejour")


@pytest.fixture
def occurrence(demarche):
    return occurrence_pour(demarche)


def libre(demarche):
    """The first free slot's start."""
    return datetime.fromtimestamp(creneaux_publics(demarche=demarche)[0][1], UTC)


def reserver(occurrence, demarche, debut=None):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=debut or libre(demarche),
        nom="Awa Diallo",
        telephone="0612345678",
    )


def test_a_booking_costs_few_queries(
    occurrence, demarche, django_assert_num_queries, django_capture_on_commit_callbacks
):
    reserver(occurrence, demarche)  # the place's and the démarche's versions exist
    # The session locked with its room, place and organisation, whether the network has
    # other places, and the listeners' version (ruche.evenements); the slot checked
    # (sessions, the partners' coverage: the network's version, then the shared cache
    # while no convention changed, once for the whole booking; bookings, closures); the
    # booking and its history, with what the versions it changes need (the démarches of
    # its session, the place's slug and whether the network has other places, the
    # session's place and organisation); its démarches' free slots computed again
    # (démarches locked, versions, sessions, bookings, closures, the summary written); the
    # versions written in one statement. After the commit, the pages under no place's
    # address in one statement, then the resident's text message (recorded in a
    # savepoint). It was 67 queries: the conventions read three times, the model's checks
    # asked again of the database, each version written on its own; then 26: the places
    # counted and the organisation signing read for the message, the webhooks'
    # subscriptions read at each event (now kept in the process under the listeners'
    # version).
    debut = libre(demarche)
    with (
        django_assert_num_queries(23),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reserver(occurrence, demarche, debut)


def test_a_cancellation_costs_few_queries(
    occurrence, demarche, django_assert_num_queries, django_capture_on_commit_callbacks
):
    auteur = PersonnelFactory()
    rdv = reserver(occurrence, demarche)
    # The booking locked with its session, room, place and organisation, whether the
    # network has other places and the listeners' version; saved with its history and what
    # its versions need (4 queries); the free slots computed again (démarches locked,
    # versions, sessions, the partners' coverage kept at the network's version, bookings,
    # closures, the summary); the versions in one statement; after the commit, the pages
    # under no place's address in one statement and the text message (3). It was 36, then
    # 23 (the message's count and organisation, the subscriptions).
    with (
        django_assert_num_queries(20),
        django_capture_on_commit_callbacks(execute=True),
    ):
        annuler_rendez_vous(rendez_vous=rdv, par=auteur)


def test_the_network_versions_are_written_last_in_one_statement(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    reserver(occurrence, demarche)
    debut = libre(demarche)
    with (
        CaptureQueriesContext(connection) as contexte,
        django_capture_on_commit_callbacks(execute=False),
    ):
        reserver(occurrence, demarche, debut)
    requetes = [q["sql"] for q in contexte.captured_queries]
    ecritures = [i for i, sql in enumerate(requetes) if sql.startswith(VERSIONS)]
    # One statement, the last of the booking's transaction (here a savepoint released).
    assert len(ecritures) == 1
    assert ecritures[0] == len(requetes) - 2
    assert requetes[-1].startswith("RELEASE SAVEPOINT")
    ecrite = requetes[ecritures[0]]
    for nom in ("'donnees'", "'espace:rendez_vous:*'", "'public:rendez-vous:"):
        assert nom in ecrite
    # The free slots were computed at the new versions before it.
    assert any("permanences_creneauxlibres" in sql for sql in requetes[: ecritures[0]])


def test_a_visit_typed_costs_few_queries(django_assert_num_queries):
    """What the day board's tap asks of the database beside the request's own reads."""
    auteur, lieu = PersonnelFactory(), Lieu.objects.first()
    enregistrer_passage(auteur=auteur, accompagnement=Accompagnement.values[0], lieu=lieu)
    # The visit and its history (in a savepoint: the test's transaction), its month's
    # counts, the versions in one statement. It was 11: the place and the author asked
    # again of the database, and the table's one constraint (the rule `clean()` checks)
    # in a savepoint of its own.
    with django_assert_num_queries(6):
        enregistrer_passage(auteur=auteur, accompagnement=Accompagnement.values[0], lieu=lieu)


def test_a_visit_writes_its_versions_in_one_statement_after_its_counts():
    auteur, lieu = PersonnelFactory(), Lieu.objects.first()
    with CaptureQueriesContext(connection) as contexte:
        enregistrer_passage(auteur=auteur, accompagnement=Accompagnement.values[0], lieu=lieu)
    requetes = [q["sql"] for q in contexte.captured_queries]
    ecritures = [i for i, sql in enumerate(requetes) if sql.startswith(VERSIONS)]
    assert len(ecritures) == 1
    comptes = [i for i, sql in enumerate(requetes) if "ruche_comptemensuel" in sql]
    assert comptes and comptes[-1] < ecritures[0]


def test_a_convention_ended_is_seen_by_the_next_booking_despite_the_kept_coverage(
    django_capture_on_commit_callbacks,
):
    """The partners' coverage a booking reads is kept in the shared cache at the network's
    public version: ending the convention renews it, and the next booking is refused."""
    from partenariats.models import Convention
    from tests.partenariats.factories import ResiliationFactory

    demarche = DemarcheFactory(slug="retraite")
    jour = timezone.localdate() + timedelta(days=10)
    occurrence = occurrence_pour(demarche, jour=jour)
    organisation = occurrence.permanence.organisation
    convention = Convention.objects.filter(parties__organisation=organisation).get()
    reserver(occurrence, demarche)  # the coverage kept, in force
    ResiliationFactory(convention=convention, date=jour - timedelta(days=1))
    with pytest.raises(ValidationError):
        reserver(occurrence, demarche, occurrence.debut + timedelta(minutes=90))
