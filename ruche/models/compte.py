"""The visitor log counted by month, place and category (`CompteMensuel`), kept up to date
by the writes themselves.

Every visit typed, corrected or removed adds or takes one from its row here, in the writer's
own transaction (`Passage.save`, the `post_delete` signal, `PassageQuerySet.bulk_create` and
`update`): the statistics read these rows instead of counting the visits again, so a visit
typed at one place costs two small upserts and never throws away the figures already
computed. Each visit counts twice: in its place's row, and in the row of the whole network
(`lieu` empty) that the figures of every place read, so that a network of a thousand places
reads a few hundred rows for a year.

Rows are only added to or taken from, never deleted by a write: a row can reach zero, and
the readers skip it. A write in SQL that bypasses the model (a benchmark's data, a restore)
calls `recompter()`, which counts the months again from the visits.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.formats import PARIS

# The categories a visit is counted by, after its month and place: the statistics' columns
# (ruche.statistiques.sources.COLONNES), as the database columns of both tables.
CATEGORIES = (
    "accompagnement",
    "theme",
    "partenaire_id",
    "operateur_id",
    "theme_operateur_id",
    "issue",
    "transmission",
)


class CompteMensuel(models.Model):
    """How many visits of one month, at one place (or the whole network), of one category."""

    mois = models.DateField(_("mois"))
    # Empty: the whole network, every place added up.
    lieu = models.ForeignKey(
        "ruche.Lieu",
        verbose_name=_("lieu"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    accompagnement = models.CharField(_("type d'accompagnement"), max_length=20)
    theme = models.CharField(_("ancien thème"), max_length=20, blank=True, default="")
    # Numbers, not foreign keys: a count must never hold back the deletion of what it counts
    # (the visits themselves protect their partner and operator).
    partenaire_id = models.IntegerField(_("partenaire"), null=True, blank=True)
    operateur_id = models.IntegerField(_("opérateur"), null=True, blank=True)
    theme_operateur_id = models.IntegerField(_("thème de l'opérateur"), null=True, blank=True)
    issue = models.CharField(_("suite donnée"), max_length=20, blank=True, default="")
    transmission = models.CharField(
        _("moyen de transmission"), max_length=20, blank=True, default=""
    )
    nombre = models.IntegerField(_("nombre de visiteurs"), default=0)

    class Meta:
        verbose_name = _("compte mensuel des passages")
        verbose_name_plural = _("comptes mensuels des passages")
        constraints = [
            # One row per month, place and category; the network's rows have no place.
            models.UniqueConstraint(
                fields=["mois", "lieu", *CATEGORIES],
                name="compte_mensuel_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.mois:%m/%Y} — {self.lieu_id or '*'} : {self.nombre}"


def debut_du_mois(quand):
    """The first day of the month of a timestamp, Paris time."""
    return timezone.localtime(quand, PARIS).date().replace(day=1)


def cle(passage):
    """(month, place, *categories) a visit counts under."""
    return (
        debut_du_mois(passage.quand),
        passage.lieu_id,
        *(getattr(passage, nom) for nom in CATEGORIES),
    )


def _tri(cle_):
    # One order for every writer, so that two transactions never wait on each other's rows
    # in opposite orders; the network's rows (no place) last.
    return tuple((valeur is None, valeur if valeur is not None else 0) for valeur in cle_)


# Up to this many rows, the try-out's database adds to each row by itself.
PAR_LIGNE = 20


def ajouter(ecarts):
    """Adds `ecarts` ({key: +n or -n}, keys as `cle()` gives) to the counts of the places and
    of the network, in the caller's transaction: one query on PostgreSQL."""
    totaux = Counter()
    for (mois, lieu_id, *categories), nombre in ecarts.items():
        totaux[(mois, lieu_id, *categories)] += nombre
        totaux[(mois, None, *categories)] += nombre
    lignes = sorted(((c, n) for c, n in totaux.items() if n), key=lambda cn: _tri(cn[0]))
    if not lignes:
        return
    if connection.vendor != "postgresql":
        _ajouter_ligne_par_ligne(lignes)
        return
    # One array per column, whatever the number of rows: a load of many visits (the demo's
    # 16,000 rows) as one parameter per value cost psycopg seconds to write the statement.
    # The rows are upserted in the order given (WITH ORDINALITY), the one every writer takes.
    table = CompteMensuel._meta.db_table
    champs = [CompteMensuel._meta.get_field(nom) for nom in ("mois", "lieu", *CATEGORIES)]
    champs.append(CompteMensuel._meta.get_field("nombre"))
    colonnes = ", ".join(champ.column for champ in champs)
    tableaux = ", ".join(f"%s::{champ.cast_db_type(connection)}[]" for champ in champs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({colonnes}) "  # noqa: S608
            f"SELECT {colonnes} FROM unnest({tableaux}) WITH ORDINALITY "
            f"AS l({colonnes}, rang) ORDER BY rang "
            f"ON CONFLICT ON CONSTRAINT compte_mensuel_unique "
            f"DO UPDATE SET nombre = {table}.nombre + EXCLUDED.nombre",
            [list(colonne) for colonne in zip(*((*c, n) for c, n in lignes), strict=True)],
        )


def _ajouter_ligne_par_ligne(lignes):
    """The same for a database without PostgreSQL's upsert on a constraint whose empty
    values count as equal (SQLite, the try-out's), writers there being one at a time anyway:
    a visit's few rows one by one; a load of many visits (the demo's) reads its months' rows
    once and writes them in batches, instead of two queries per row (two minutes, then)."""
    if len(lignes) <= PAR_LIGNE:
        for (mois, lieu_id, *categories), nombre in lignes:
            cle_ = {
                "mois": mois,
                "lieu_id": lieu_id,
                **dict(zip(CATEGORIES, categories, strict=True)),
            }
            if not CompteMensuel.objects.filter(**cle_).update(nombre=F("nombre") + nombre):
                CompteMensuel.objects.create(**cle_, nombre=nombre)
        return
    existants = {
        (ligne.mois, ligne.lieu_id, *(getattr(ligne, nom) for nom in CATEGORIES)): ligne
        for ligne in CompteMensuel.objects.filter(mois__in={c[0] for c, _n in lignes})
    }
    a_changer, a_creer = [], []
    for (mois, lieu_id, *categories), nombre in lignes:
        ligne = existants.get((mois, lieu_id, *categories))
        if ligne is None:
            categories = dict(zip(CATEGORIES, categories, strict=True))
            a_creer.append(CompteMensuel(mois=mois, lieu_id=lieu_id, **categories, nombre=nombre))
        else:
            ligne.nombre += nombre
            a_changer.append(ligne)
    CompteMensuel.objects.bulk_update(a_changer, ["nombre"], batch_size=500)
    CompteMensuel.objects.bulk_create(a_creer, batch_size=500)


# The month of a visit, Paris time, as TruncMonth("quand", tzinfo=PARIS) gives it.
MOIS_SQL = "(date_trunc('month', quand AT TIME ZONE 'Europe/Paris'))::date"
RECOMPTER_SQL = """
INSERT INTO {compte} (mois, lieu_id, {categories}, nombre)
SELECT {mois}, lieu_id, {categories}, count(*)
FROM {passage}
WHERE {filtre}
GROUP BY GROUPING SETS (({mois}, lieu_id, {categories}), ({mois}, {categories}))
"""


def recompter(mois=None):
    """Counts the months `mois` (first days; None: every month) again from the visits, at
    every place and for the network: after writes in SQL that bypass the model."""
    # The visits' table through the app registry: ruche.models.passage imports this module.
    passage = CompteMensuel._meta.apps.get_model("ruche", "Passage")
    compte = CompteMensuel._meta.db_table
    sql = RECOMPTER_SQL.format(
        compte=compte,
        passage=passage._meta.db_table,
        categories=", ".join(CATEGORIES),
        mois=MOIS_SQL,
        filtre="TRUE" if mois is None else f"{MOIS_SQL} = ANY(%s)",
    )
    if connection.vendor != "postgresql":
        _recompter_en_python(passage, mois)
        return
    with connection.cursor() as cursor:
        if mois is None:
            cursor.execute(f"DELETE FROM {compte}")  # noqa: S608
            cursor.execute(sql)
            return
        mois = sorted(set(mois))
        if not mois:
            return
        cursor.execute(f"DELETE FROM {compte} WHERE mois = ANY(%s)", [mois])  # noqa: S608
        cursor.execute(sql, [mois])


def compter_en_python(passages):
    """{key: number} of visits (`passages`: a queryset of the visits' model, current or
    historical), for the place and for the network: what RECOMPTER_SQL counts, computed in
    Python where the database has no GROUPING SETS (SQLite)."""
    totaux = Counter()
    for quand, lieu_id, *categories in passages.values_list("quand", "lieu_id", *CATEGORIES):
        mois = debut_du_mois(quand)
        totaux[(mois, lieu_id, *categories)] += 1
        totaux[(mois, None, *categories)] += 1
    return totaux


def _recompter_en_python(passage, mois):
    visites, comptes = passage.objects.all(), CompteMensuel.objects.all()
    if mois is not None:
        mois = sorted(set(mois))
        if not mois:
            return
        comptes = comptes.filter(mois__in=mois)
        visites = visites.filter(quand__gte=_debut(mois[0]), quand__lt=_debut_suivant(mois[-1]))
    comptes.delete()
    totaux = {
        cle_: nombre
        for cle_, nombre in compter_en_python(visites).items()
        if mois is None or cle_[0] in mois
    }
    CompteMensuel.objects.bulk_create(
        CompteMensuel(
            mois=m, lieu_id=lieu_id, **dict(zip(CATEGORIES, categories, strict=True)), nombre=n
        )
        for (m, lieu_id, *categories), n in totaux.items()
    )


def _debut(mois):
    return timezone.make_aware(datetime.combine(mois, time.min), PARIS)


def _debut_suivant(mois):
    return _debut((mois.replace(day=28) + timedelta(days=4)).replace(day=1))
