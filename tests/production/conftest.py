import uuid

import psycopg
import pytest
from django.db import connection

from tests.production.outils import url_base


@pytest.fixture
def base_vide():
    """A fresh database of its own on the suite's PostgreSQL server, dropped afterwards."""
    nom = f"ruche_vide_{uuid.uuid4().hex[:8]}"
    admin = url_base(connection, "postgres")
    with psycopg.connect(admin, autocommit=True) as cnx:
        cnx.execute(f'CREATE DATABASE "{nom}"')
    yield url_base(connection, nom)
    with psycopg.connect(admin, autocommit=True) as cnx:
        cnx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/production/" in str(item.fspath):
            item.add_marker(pytest.mark.production)
