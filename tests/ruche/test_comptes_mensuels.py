"""The monthly counts the writes keep (ruche.models.compte) always equal a direct count of
the visits, whatever sequence of writes came before, and the migration fills them alike."""

import contextlib
import importlib
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruche.formats import PARIS
from ruche.models import CompteMensuel, Lieu, Operateur, Passage
from ruche.models.compte import CATEGORIES, debut_du_mois, recompter
from ruche.models.passage import Accompagnement, Theme
from ruche.passages.services import corriger_passage, enregistrer_passage, supprimer_passage
from ruche.periodes import Periode
from ruche.statistiques.requetes import statistiques
from ruche.statistiques.sources import collecter
from tests.partenariats.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def comptes():
    """{(month, place or None, *categories): count} as kept, rows at zero left out."""
    return {
        (c.mois, c.lieu_id, *(getattr(c, nom) for nom in CATEGORIES)): c.nombre
        for c in CompteMensuel.objects.all()
        if c.nombre
    }


def attendu():
    """The same counted directly from the visits, for each place and the whole network."""
    compte = Counter()
    for passage in Passage.objects.all():
        cle = (debut_du_mois(passage.quand), *(getattr(passage, nom) for nom in CATEGORIES))
        compte[(cle[0], passage.lieu_id, *cle[1:])] += 1
        compte[(cle[0], None, *cle[1:])] += 1
    return dict(compte)


@pytest.fixture
def decor(personnel):
    premier = Lieu.objects.order_by("pk").first()
    second = Lieu.objects.create(nom="France Services Pont", slug="pont")
    personnel.lieux.set([premier, second])
    return {
        "lieux": [premier, second],
        "partenaires": [None, OrganisationFactory(nom="Association témoin")],
        "operateurs": [None, *Operateur.objects.order_by("pk")[:2]],
    }


# Around the turn of a month (Paris time differs from UTC there) and of a year.
instants = st.sampled_from(
    [
        datetime(2025, 1, 31, 23, 30, tzinfo=PARIS),
        datetime(2025, 2, 1, 0, 30, tzinfo=PARIS),
        datetime(2025, 2, 14, 10, tzinfo=PARIS),
        datetime(2024, 12, 31, 23, 59, tzinfo=PARIS),
        datetime(2025, 3, 30, 2, 30, tzinfo=PARIS),
    ]
)
indices = st.integers(0, 50)
ecritures = st.one_of(
    st.tuples(st.just("saisir"), indices, indices, indices, instants, st.booleans()),
    st.tuples(st.just("en_masse"), st.lists(st.tuples(indices, instants), max_size=4)),
    st.tuples(st.just("corriger"), indices, indices, indices),
    st.tuples(st.just("deplacer"), indices, instants, indices),
    st.tuples(st.just("supprimer"), indices),
    st.tuples(st.just("mettre_a_jour"), indices, indices),
    st.tuples(st.just("supprimer_du_mois"), instants),
)


def _un(liste, i):
    return liste[i % len(liste)]


def ecrire(ecriture, decor, personnel):
    # A write refused (France Services rules) changes nothing.
    with contextlib.suppress(ValidationError):
        _ecrire(ecriture, decor, personnel)


def _ecrire(ecriture, decor, personnel):
    nature, *args = ecriture
    existants = list(Passage.objects.order_by("pk"))
    if nature == "saisir":
        i, j, k, quand, ancien = args
        operateur = _un(decor["operateurs"], k)
        enregistrer_passage(
            auteur=personnel,
            accompagnement=_un(Accompagnement.values, i),
            theme=_un(Theme.values, j) if ancien and operateur is None else "",
            operateur=operateur,
            partenaire=_un(decor["partenaires"], j),
            lieu=_un(decor["lieux"], i + j),
            quand=quand,
        )
    elif nature == "en_masse":
        Passage.objects.bulk_create(
            Passage(
                quand=quand,
                accompagnement=_un(Accompagnement.values, i),
                lieu=_un(decor["lieux"], i),
                auteur=personnel,
            )
            for i, quand in args[0]
        )
    elif not existants:
        return
    elif nature == "corriger":
        i, j, k = args
        corriger_passage(
            passage=_un(existants, i),
            par=personnel,
            motif="erreur de saisie",
            accompagnement=_un(Accompagnement.values, j),
            partenaire=_un(decor["partenaires"], k),
            operateur=_un(decor["operateurs"], j + k),
            theme_operateur=None,
        )
    elif nature == "deplacer":
        i, quand, j = args
        passage = _un(existants, i)
        passage.quand = quand
        passage.lieu = _un(decor["lieux"], j)
        passage.save()
    elif nature == "supprimer":
        supprimer_passage(passage=_un(existants, args[0]), par=personnel, motif="doublon")
    elif nature == "mettre_a_jour":
        i, j = args
        Passage.objects.filter(pk__gte=_un(existants, i).pk).update(
            accompagnement=_un(Accompagnement.values, j)
        )
    elif nature == "supprimer_du_mois":
        debut = debut_du_mois(args[0])
        bas, haut = Periode(debut, debut + timedelta(days=27)).bornes()
        Passage.objects.filter(quand__gte=bas, quand__lt=haut).delete()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(suite=st.lists(ecritures, max_size=12))
def test_counts_equal_a_direct_count_after_any_writes(decor, personnel, suite):
    Passage.objects.all().delete()
    CompteMensuel.objects.all().delete()
    for ecriture in suite:
        ecrire(ecriture, decor, personnel)
        assert comptes() == attendu(), ecriture
    # The figures read from the counts are those counted from the visits.
    for periode in (Periode.annee(2025), Periode.annee(2024)):
        lieux = [lieu.pk for lieu in decor["lieux"]]
        for choix in (None, lieux, lieux[:1]):
            lus = Counter()
            for ligne in collecter(periode, choix, par_lieu=False):
                lus[(ligne.mois, ligne.accompagnement, ligne.partenaire_id)] += ligne.nombre
            bas, haut = periode.bornes()
            directs = Counter(
                (debut_du_mois(p.quand), p.accompagnement, p.partenaire_id)
                for p in Passage.objects.filter(quand__gte=bas, quand__lt=haut)
                if choix is None or p.lieu_id in choix
            )
            assert +lus == +directs


def test_counting_again_and_the_migration_give_the_kept_counts(decor, personnel):
    for i in range(30):
        enregistrer_passage(
            auteur=personnel,
            accompagnement=_un(Accompagnement.values, i),
            partenaire=_un(decor["partenaires"], i),
            lieu=_un(decor["lieux"], i // 2),
            quand=datetime(2025, 1, 1, 9, tzinfo=PARIS) + timedelta(days=3 * i, hours=i),
        )
    gardes = comptes()
    assert gardes == attendu()
    recompter()
    assert comptes() == gardes
    recompter([datetime(2025, 2, 1).date()])
    assert comptes() == gardes
    migration = importlib.import_module("ruche.migrations.0023_comptes_mensuels")
    CompteMensuel.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.REMPLIR)
    assert comptes() == gardes


def test_a_year_of_the_network_reads_the_counts_not_the_visits(decor, personnel):
    for i in range(12):
        enregistrer_passage(
            auteur=personnel,
            accompagnement=Accompagnement.SANS_RDV,
            lieu=_un(decor["lieux"], i),
            quand=datetime(2025, 1 + i, 10, 9, tzinfo=PARIS),
        )
    with CaptureQueriesContext(connection) as requetes:
        assert statistiques(Periode.annee(2025)).total == 12
        assert statistiques(Periode.annee(2025), lieux=[decor["lieux"][1].pk]).total == 6
    assert not any("ruche_passage" in q["sql"] for q in requetes.captured_queries)


def test_typing_a_visit_costs_its_count_two_rows(decor, personnel):
    """One upsert for the place's row and the network's, whatever the data."""
    with CaptureQueriesContext(connection) as requetes:
        enregistrer_passage(
            auteur=personnel, accompagnement=Accompagnement.CNFS, lieu=decor["lieux"][0]
        )
    assert sum("ruche_comptemensuel" in q["sql"] for q in requetes.captured_queries) == 1
    assert CompteMensuel.objects.filter(nombre=1).count() == 2


def charger(decor, personnel, debut, nombre):
    """A bulk load of `nombre` visits from `debut`, spread over the categories, the
    partners, the places and two months (as the demo loads its visits)."""
    Passage.objects.bulk_create(
        Passage(
            auteur=personnel,
            accompagnement=_un(Accompagnement.values, i),
            partenaire=_un(decor["partenaires"], i),
            lieu=_un(decor["lieux"], i // 2),
            quand=debut + timedelta(days=i % 60, hours=i % 7),
        )
        for i in range(nombre)
    )


def test_the_try_outs_database_adds_a_large_load_in_batches(decor, personnel, monkeypatch):
    """SQLite (`make run`) has no upsert on the counts' constraint: a load of many visits
    reads its months' rows once instead of two queries per row (the demo took two minutes)."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    charger(decor, personnel, datetime(2025, 1, 1, 9, tzinfo=PARIS), 3)
    with CaptureQueriesContext(connection) as requetes:
        charger(decor, personnel, datetime(2025, 1, 20, 9, tzinfo=PARIS), 400)
    assert len(requetes) < 20
    assert comptes() == attendu()


def test_a_large_load_sends_one_array_per_column(decor, personnel):
    """PostgreSQL gets a load of many visits (the demo's) as one array per column, not one
    parameter per value: psycopg took seconds to write the statement of the demo's 16,000
    rows. Columns all empty (no operator) and all set are counted alike."""
    envoyes = []

    def noter(execute, sql, params, many, context):
        if "ruche_comptemensuel" in sql:
            envoyes.append(params)
        return execute(sql, params, many, context)

    Passage.objects.bulk_create(
        [Passage(auteur=personnel, accompagnement=Accompagnement.CNFS, lieu=decor["lieux"][0])]
    )
    with connection.execute_wrapper(noter):
        charger(decor, personnel, datetime(2025, 1, 20, 9, tzinfo=PARIS), 400)
    assert len(envoyes) == 1
    assert len(envoyes[0]) == len(CATEGORIES) + 3
    assert comptes() == attendu()
