"""Versions renewed together (ruche.versions.renouvellements_groupes): written at the end of
the block in one statement, seen by the block's own reads before that, never written when
the block fails."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ruche.models import VersionDonnees
from ruche.versions import (
    DONNEES,
    creer_version,
    renouveler,
    renouvellements_groupes,
    version,
    versions,
)

pytestmark = pytest.mark.django_db


def en_base(*noms):
    return dict(VersionDonnees.objects.filter(pk__in=noms).values_list("pk", "valeur"))


def ecritures(contexte):
    return [q["sql"] for q in contexte.captured_queries if q["sql"].startswith("INSERT")]


def test_the_versions_are_written_at_the_end_in_one_statement():
    renouveler(DONNEES)
    avant = en_base(DONNEES, "essai:a", "essai:b")
    with CaptureQueriesContext(connection) as contexte, renouvellements_groupes():
        renouveler("essai:b")
        renouveler(DONNEES)
        renouveler("essai:a")
        # Nothing written yet; the block reads what it renewed.
        assert en_base(DONNEES, "essai:a", "essai:b") == avant
        lues = versions(DONNEES, "essai:a", "essai:b")
        assert lues[DONNEES] != avant[DONNEES]
        assert version("essai:a") == lues["essai:a"]
        assert creer_version("essai:b") == lues["essai:b"]
    assert en_base(DONNEES, "essai:a", "essai:b") == lues
    # One statement, its rows in the names' order (two writers never cross their locks).
    (ecrite,) = ecritures(contexte)
    assert ecrite.index("'donnees'") < ecrite.index("'essai:a'") < ecrite.index("'essai:b'")


def test_a_block_that_fails_writes_nothing():
    renouveler(DONNEES)
    avant = en_base(DONNEES)
    with pytest.raises(RuntimeError), renouvellements_groupes():
        renouveler(DONNEES)
        raise RuntimeError
    assert en_base(DONNEES) == avant
    assert version(DONNEES) == avant[DONNEES]


def test_a_block_inside_another_leaves_the_writing_to_the_outer_one():
    with CaptureQueriesContext(connection) as contexte, renouvellements_groupes():
        with renouvellements_groupes():
            renouveler("essai:a")
        assert en_base("essai:a") == {}
        renouveler("essai:b")
    assert set(en_base("essai:a", "essai:b")) == {"essai:a", "essai:b"}
    assert len(ecritures(contexte)) == 1
