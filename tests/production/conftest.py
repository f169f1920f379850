import os
import uuid

import psycopg
import pytest
from django.db import connection

from tests.production.outils import url_base


def base_neuve(modele=None):
    """A fresh database of its own on the suite's PostgreSQL server (a copy of `modele` if
    given), dropped afterwards."""
    nom = f"ruche_vide_{uuid.uuid4().hex[:8]}"
    admin = url_base(connection, "postgres")
    copie = f' TEMPLATE "{modele}"' if modele else ""
    with psycopg.connect(admin, autocommit=True) as cnx:
        cnx.execute(f'CREATE DATABASE "{nom}"{copie}')
    yield url_base(connection, nom)
    with psycopg.connect(admin, autocommit=True) as cnx:
        cnx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


@pytest.fixture
def base_vide():
    yield from base_neuve()


@pytest.fixture
def base_a_migrer():
    """The database of a new install. With scripts/test.sh it is a copy of the model database
    the script migrated from empty with `manage.py migrate` and the production settings: the
    test's own migrate then checks there is nothing left to apply (the same migrations again
    took 26 s). Run by hand, it is empty."""
    yield from base_neuve(os.environ.get("RUCHE_TEST_MODELE"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/production/" in str(item.fspath):
            item.add_marker(pytest.mark.production)
