import pytest

from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    PersonnelFactory,
    UtilisateurFactory,
)


@pytest.fixture(autouse=True)
def _immediate_tasks_and_memory_mail(settings):
    """Tests run tasks at once and keep sent mail in django.core.mail.outbox."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def personnel(db):
    return PersonnelFactory()


@pytest.fixture
def benevole(db):
    return BenevoleFactory()


@pytest.fixture
def comite(db):
    return ComiteFactory()


@pytest.fixture
def sans_role(db):
    return UtilisateurFactory()


@pytest.fixture
def client_de(client):
    """client_de(user) logs the test client in as that user (None: stays anonymous)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _plafonds_larges(settings):
    """Tests book many times with one phone from one address: the daily caps are raised
    (their own tests lower them). The counters live in the database, emptied per test."""
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 1000
    settings.LIMITE_RESERVATIONS_PAR_ADRESSE = 1000
