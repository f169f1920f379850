"""Staff and the partner's volunteers are warned ahead of a convention's last day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from partenariats.models import ComiteSuivi
from partenariats.services.alertes import envoyer_alertes_fin
from tests.partenariats.factories import (
    ComiteSuiviFactory,
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerter(django_capture_on_commit_callbacks):
    """Sends the warnings due; the mail leaves once the transaction commits."""

    def envoyer():
        with django_capture_on_commit_callbacks(execute=True):
            return envoyer_alertes_fin()

    return envoyer


@pytest.fixture
def partenaire(db):
    return OrganisationFactory(sigle="A.V.A.Q.B-C", en_convention=False)


@pytest.fixture
def convention(partenaire):
    """Not renewed by the 2026 committee: its last day is 31 December 2026."""
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    ComiteSuiviFactory(
        convention=convention,
        date=dt.date(2026, 10, 15),
        decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
    )
    return convention


def destinataires():
    return sorted(a for m in mail.outbox for a in m.to)


def test_each_threshold_is_mailed_once(settings, convention, partenaire, alerter):
    settings.ALERTES_FIN_JOURS = [60, 15]
    PersonnelFactory(email="agent@ruche.fr")
    BenevoleFactory(organisation=partenaire, email="presidente@avaq.fr")
    BenevoleFactory(email="autre@association.fr")  # another partner: not told
    mail.outbox.clear()
    with time_machine.travel(dt.date(2026, 10, 31), tick=False):
        assert alerter() == 0  # 61 days ahead
    with time_machine.travel(dt.date(2026, 11, 1), tick=False):
        assert alerter() == 1
        assert destinataires() == sorted(
            ["agent@ruche.fr", "presidente@avaq.fr", settings.RUCHE_STAFF_EMAIL]
        )
        assert "31 décembre 2026" in mail.outbox[0].body
        assert "n'est pas reconduite" in mail.outbox[0].body
        mail.outbox.clear()
        assert alerter() == 0  # the same day again: nothing
    with time_machine.travel(dt.date(2026, 11, 30), tick=False):
        call_command("alerter_fins_de_convention")
        assert mail.outbox == []
    with time_machine.travel(dt.date(2026, 12, 16), tick=False):
        assert alerter() == 1
        assert len(mail.outbox) == 3
        mail.outbox.clear()
        assert alerter() == 0


def test_the_thresholds_come_from_the_settings(settings, convention, alerter):
    settings.ALERTES_FIN_JOURS = [90]
    mail.outbox.clear()
    with time_machine.travel(dt.date(2026, 10, 2), tick=False):
        assert alerter() == 1


def test_volunteers_see_the_warning_in_their_space(client, convention, partenaire):
    cache.clear()
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(BenevoleFactory(organisation=partenaire))
        page = client.get("/espace/").content.decode()
        assert "Fin de convention à venir" in page and "31 décembre 2026" in page
        client.force_login(BenevoleFactory())
        assert "Fin de convention à venir" not in client.get("/espace/").content.decode()
        client.force_login(PersonnelFactory())
        assert "Fin de convention à venir" in client.get("/conventions/").content.decode()


def test_a_decision_not_to_renew_warns_at_once_on_every_page(client, partenaire):
    # The warnings were kept five minutes by day: the week, rendered again at the decision
    # (its part follows the conventions' version), kept the old "nothing ends" under the
    # new version until the next write. They follow the same version now.
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(BenevoleFactory(organisation=partenaire))
        for _ in range(2):  # the CSRF cookie the week's part is keyed by, then the part
            assert "Fin de convention à venir" not in client.get("/espace/").content.decode()
        ComiteSuiviFactory(
            convention=convention,
            date=dt.date(2026, 10, 15),
            decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
        )
        page = client.get("/espace/").content.decode()
        assert "Fin de convention à venir" in page and "31 décembre 2026" in page
