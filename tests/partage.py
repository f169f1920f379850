"""Objects built once for a whole test module, each test running in a savepoint inside."""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings


@contextmanager
def une_fois_par_module(django_db_blocker, medias):
    """Opens the module's transaction, rolled back after its last test.

    For a module-scoped fixture: what it builds inside is seen by every test of the module,
    and each test (pytest-django's `db`) runs in a savepoint of this transaction, so what a
    test writes is gone before the next one. Uploaded files go to `medias`; the tests'
    MEDIA_ROOT must point there too. Passwords are hashed the fast way."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=medias,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
