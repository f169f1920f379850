"""Many places at once: one place generated through the models, then copied in SQL.

A national network (bench/lieux.py --lieux 1000) cannot be generated place by place
through the models in minutes on two cores: each place costs a few seconds of Python
(calendars, permanences, rooms, conventions and a few thousand bookings, workshops and
registrations). Here the place `gabarit` is generated once by bench/lieux.py, then every
other place is a copy of it made by the database: one `INSERT ... SELECT` per table for a
batch of places (`generate_series`), each copied row's id and its links shifted by the
place's number times a stride larger than any id of the table, so that copies never meet
each other or the rows already there. Copies keep everything but what must differ: the
place's name and slug, the démarches' slugs, the residents' secret links (new random ones).

The copies are the template's twins: same calendars, same bookings, same visits at the same
hours. What the benchmark measures (query counts, times that follow the number of rows)
does not need them to differ.
"""

from django.db import connection

from partenariats.models import Convention, ConventionPartie
from permanences.models import (
    Atelier,
    Calendrier,
    Demarche,
    Inscription,
    Occurrence,
    Permanence,
    RendezVous,
    ReservationSalle,
    Salle,
)
from ruche.models import Fermeture, HoraireOuverture, Lieu, Passage

_DE_SALLES = "t.salle_id IN (SELECT id FROM permanences_salle WHERE lieu_id = %(lieu)s)"
_DE_CALENDRIERS = (
    "t.calendrier_id IN (SELECT id FROM permanences_calendrier WHERE lieu_id = %(lieu)s)"
)
_DE_PERMANENCES = (
    "t.permanence_id IN (SELECT p.id FROM permanences_permanence p JOIN permanences_calendrier c"
    " ON c.id = p.calendrier_id WHERE c.lieu_id = %(lieu)s)"
)
# A new random secret link per copy (32 characters, as generer_secret gives).
_SECRET = "md5(random()::text || clock_timestamp()::text || t.id::text || k::text)"
# The place's number as nouveau_lieu writes it (f"{n:02d}"; lpad would cut 1000 to "10").
_NUMERO = "(CASE WHEN k < 10 THEN '0' ELSE '' END || k::text)"


def _copies():
    """(model, rows of the template, {column: SQL expression}), parents before children."""
    return [
        (
            Lieu,
            "t.id = %(lieu)s",
            {
                "nom": f"'France Services du banc ' || {_NUMERO}",
                "slug": f"'banc-' || {_NUMERO}",
                "adresse": "k::text || ' place de la Mairie'",
            },
        ),
        (HoraireOuverture, "t.lieu_id = %(lieu)s", {}),
        (Fermeture, "t.lieu_id = %(lieu)s", {}),
        (
            Demarche,
            "t.lieu_id = %(lieu)s",
            {"slug": f"regexp_replace(t.slug, '-[0-9]+$', '') || '-' || {_NUMERO}"},
        ),
        (Convention, "t.lieu_id = %(lieu)s", {}),
        (
            ConventionPartie,
            "t.convention_id IN (SELECT id FROM partenariats_convention WHERE lieu_id = %(lieu)s)",
            {},
        ),
        (Salle, "t.lieu_id = %(lieu)s", {}),
        (Calendrier, "t.lieu_id = %(lieu)s", {}),
        (Permanence, _DE_CALENDRIERS, {}),
        (Permanence.demarches.through, _DE_PERMANENCES, {}),
        (ReservationSalle, _DE_SALLES, {}),
        (Occurrence, _DE_PERMANENCES, {}),
        (
            RendezVous,
            "t.demarche_id IN (SELECT id FROM permanences_demarche WHERE lieu_id = %(lieu)s)",
            {"secret": _SECRET},
        ),
        (Atelier, _DE_SALLES, {}),
        (
            Inscription,
            "t.atelier_id IN (SELECT a.id FROM permanences_atelier a JOIN permanences_salle s"
            " ON s.id = a.salle_id WHERE s.lieu_id = %(lieu)s)",
            {"secret": _SECRET},
        ),
        (Passage, "t.lieu_id = %(lieu)s", {}),
    ]


class Gabarit:
    """The place `lieu` ready to be copied: each table's stride is fixed once, beyond every
    id it holds, so that copy k takes the ids `id + k * stride` whatever was copied before."""

    def __init__(self, lieu):
        self.lieu = lieu
        self.copies = _copies()
        self.pas = {}
        with connection.cursor() as cursor:
            for modele, _filtre, _valeurs in self.copies:
                table = modele._meta.db_table
                cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
                self.pas[modele] = cursor.fetchone()[0]

    def _expression(self, modele, champ, valeurs):
        if champ.column in valeurs:
            return valeurs[champ.column]
        if champ.primary_key:
            return f"t.id + k * {self.pas[modele]}"
        cible = champ.related_model if champ.is_relation else None
        if cible in self.pas:
            return f"t.{champ.column} + k * {self.pas[cible]}"
        return f"t.{champ.column}"

    def copier(self, premier, dernier):
        """The places numbered `premier` to `dernier` (k: their number, also their slug's), in
        the caller's transaction. The foreign keys are not checked row by row (the copies link
        only rows copied with them or the template's own links): PostgreSQL's replica mode,
        for this transaction only; unique and exclusion constraints still hold."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for modele, filtre, valeurs in self.copies:
                champs = modele._meta.concrete_fields
                colonnes = ", ".join(champ.column for champ in champs)
                expressions = ", ".join(self._expression(modele, c, valeurs) for c in champs)
                cursor.execute(
                    f"INSERT INTO {modele._meta.db_table} ({colonnes}) "  # noqa: S608
                    f"SELECT {expressions} FROM {modele._meta.db_table} AS t "
                    f"CROSS JOIN generate_series(%(premier)s, %(dernier)s) AS k "
                    f"WHERE {filtre}",
                    {"lieu": self.lieu.pk, "premier": premier, "dernier": dernier},
                )

    def finir(self):
        """The sequences move past the copied ids: rows created later take the next ones."""
        with connection.cursor() as cursor:
            for modele, _filtre, _valeurs in self.copies:
                table = modele._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
