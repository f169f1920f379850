"""The demo data for the tests that start from it, loaded once per test process.

`manage.py demo` takes 5 to 20 s (most of it its log of 24,420 visits since 2024), and some
thirty tests start from it. The first test of a process to ask for a given demo runs the
command itself, then keeps what it left: every table, copied out with PostgreSQL's COPY, and
the files it wrote. The next tests asking for the same demo get those rows and files back in
a fraction of a second, in their own transaction (rolled back after them) or committed, for
the tests that commit (flushed after them). The command's own tests (tests/*/test_demo.py,
test_lieux_demo.py, the production tests) still run it.

A demo kept is the one of its hour: its dates and times are those of its load (the clock of
the test, frozen or not), a test an hour later gets its own. Ask for it before anything
else is written: what a test had written before would be lost under the copy, so a test
that has users, organisations or visits already is refused.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ruche.models import Lieu, Organisation, Passage, Utilisateur, VersionDonnees


@dataclass
class _Demo:
    tables: list  # every table: (name, its columns, its rows in COPY's binary format or None)
    sequences: list  # (sequence, the highest value it gave)
    fichiers: dict  # path under MEDIA_ROOT: content


_gardees = {}


def charger_demo(*, lieux=1, journal=True):
    """The demo data in the test's database, as `manage.py demo --force [--lieux 2]` leaves
    it; without its generated log of visits when `journal` is False (the place's 2023
    totals, accounts, conventions, calendar and appointments stay)."""
    _verifier_base_vierge()
    # A test that commits may take a demo kept in a transaction (both start from the
    # migrated database); not the other way round: a flush leaves a database without the
    # migrations' rows (operators, roles...).
    engage = not connection.in_atomic_block
    cle = (lieux, journal, timezone.now().replace(minute=0, second=0, microsecond=0))
    demo = _gardees.get((*cle, False)) or (engage and _gardees.get((*cle, True)))
    if demo:
        _restaurer(demo)
    else:
        _gardees[(*cle, engage)] = _charger(lieux, journal)


def _verifier_base_vierge():
    if (
        Utilisateur.objects.exists()
        or Organisation.objects.exists()
        or Passage.objects.exists()
        or Lieu.objects.count() > 1
    ):
        raise AssertionError(
            "charger_demo() remplace les tables : demandez-la avant toute autre donnée "
            "(utilisateurs, organisations, passages, lieux)."
        )


def _charger(lieux, journal):
    media = Path(settings.MEDIA_ROOT)
    avant = set(media.rglob("*"))
    with nullcontext() if journal else mock.patch("ruche.demo.charger_statistiques"):
        call_command("demo", force=True, lieux=lieux, stdout=StringIO())
    tables, sequences = [], []
    with connection.cursor() as curseur:
        for table in connection.introspection.django_table_names(only_existing=True):
            colonnes = _colonnes(curseur, table)
            with curseur.copy(f'COPY "{table}" ({colonnes}) TO STDOUT (FORMAT binary)') as copie:
                lignes = b"".join(bytes(morceau) for morceau in copie)
            tables.append((table, colonnes, lignes if curseur.rowcount else None))
        curseur.execute(
            """
            SELECT s.seqrelid::regclass::text, pg_sequence_last_value(s.seqrelid)
            FROM pg_sequence s
            WHERE pg_sequence_last_value(s.seqrelid) IS NOT NULL
            """
        )
        sequences = curseur.fetchall()
    fichiers = {
        str(chemin.relative_to(media)): chemin.read_bytes()
        for chemin in sorted(set(media.rglob("*")) - avant)
        if chemin.is_file()
    }
    return _Demo(tables=tables, sequences=sequences, fichiers=fichiers)


def _colonnes(curseur, table):
    """Its stored columns (a generated column is computed again, never copied)."""
    curseur.execute(
        """
        SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'
        """,
        [table],
    )
    return curseur.fetchone()[0]


def _restaurer(demo):
    with transaction.atomic(), connection.cursor() as curseur:
        # The migrations' few rows (roles, operators, the first place...) deleted: faster
        # than a TRUNCATE of every table, which makes each one's files anew.
        curseur.execute(
            " UNION ALL ".join(
                f"SELECT '{table}' WHERE EXISTS (SELECT FROM \"{table}\")"
                for table, _c, _l in demo.tables
            )
        )
        pleines = [table for (table,) in curseur.fetchall()]
        if pleines:
            curseur.execute("; ".join(f'DELETE FROM "{table}"' for table in pleines))
        for table, colonnes, lignes in demo.tables:
            if lignes is None:
                continue
            with curseur.copy(f'COPY "{table}" ({colonnes}) FROM STDIN (FORMAT binary)') as copie:
                copie.write(lignes)
        # Never backwards: a row written later in the process must not take a kept key.
        curseur.execute(
            """
            SELECT setval(nom::regclass, valeur)
            FROM unnest(%s::text[], %s::bigint[]) AS gardees (nom, valeur)
            WHERE valeur > coalesce(pg_sequence_last_value(nom::regclass), 0)
            """,
            [[nom for nom, _v in demo.sequences], [valeur for _n, valeur in demo.sequences]],
        )
        # New versions, as a load of its own would have drawn: what an earlier test cached
        # under the kept ones (with its settings, its clock) is not served to this one.
        curseur.execute(
            f'UPDATE "{VersionDonnees._meta.db_table}" '
            "SET valeur = floor(random() * 4611686018427387904)"
        )
    ContentType.objects.clear_cache()
    media = Path(settings.MEDIA_ROOT)
    for nom, contenu in demo.fichiers.items():
        (media / nom).parent.mkdir(parents=True, exist_ok=True)
        (media / nom).write_bytes(contenu)
