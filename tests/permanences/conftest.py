import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from permanences.models import Calendrier, Occurrence
from permanences.services.calendrier import generer_occurrences
from ruche.sms import MemoryBackend
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    PermanenceFactory,
    SalleFactory,
    occurrence_pour,
    paris,
)

# "Today" for the tests of the space: Thursday 26 November 2026, in the second semester.
AUJOURDHUI = paris(2026, 11, 26, 10)


@pytest.fixture
def aujourdhui():
    with time_machine.travel(AUJOURDHUI, tick=False):
        yield AUJOURDHUI


@pytest.fixture
def occurrence_du_jeudi(benevole, aujourdhui):
    """The volunteer's organisation holds a Thursday permanence; its session of 3 December."""
    calendrier = CalendrierFactory(
        organisation=benevole.organisation,
        annee=2026,
        semestre=Calendrier.Semestre.SECOND,
        statut=Calendrier.Statut.VALIDE,
    )
    permanence = PermanenceFactory(
        calendrier=calendrier,
        jour_semaine=3,
        heure_debut=dt.time(14),
        heure_fin=dt.time(17),
        salle=SalleFactory(nom="Bureau d'accueil 2"),
    )
    permanence.intervenants.set([benevole])
    generer_occurrences(calendrier=calendrier)
    return Occurrence.objects.get(permanence=permanence, date=dt.date(2026, 12, 3))


@pytest.fixture
def demarche():
    """The démarche of the public booking tests; a session a week from today takes it."""
    return DemarcheFactory(slug="titre-de-sejour", nom="Renouvellement de titre de séjour")


@pytest.fixture
def occurrence(demarche):
    return occurrence_pour(demarche)


@pytest.fixture(autouse=True)
def _sms_in_memory_and_fresh_limits(settings):
    """Text messages kept in MemoryBackend.outbox; rate-limit counters and fill time reset."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    settings.SITE_URL = "https://ruche.exemple.fr"
    MemoryBackend.outbox.clear()
    cache.clear()
    yield
    MemoryBackend.outbox.clear()
