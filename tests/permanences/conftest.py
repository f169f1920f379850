import pytest
from django.core.cache import cache

from permanences.sms import MemoryBackend


@pytest.fixture(autouse=True)
def _sms_in_memory_and_fresh_limits(settings):
    """Text messages kept in MemoryBackend.outbox; rate-limit counters and fill time reset."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "permanences.sms.MemoryBackend"
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    settings.SITE_URL = "https://ruche.exemple.fr"
    MemoryBackend.outbox.clear()
    cache.clear()
    yield
    MemoryBackend.outbox.clear()
