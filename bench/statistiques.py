"""Benchmark of the statistics: dashboard and committee report over a large visitor log.

Run it against a throwaway PostgreSQL started for the purpose (removed afterwards):

    scripts/bench.sh                      # or: make bench
    scripts/bench.sh bench/statistiques.py --lignes 200000

or against a PostgreSQL of your own, whose database name must contain "bench" (the script
migrates it, then adds visits of its own account, "bench", and removes them again before
the next size; the rest of the visitor log, the demo's for instance, is left as it is):

    DATABASE_URL=postgres://user@host:5432/ruche_bench DEBUG=false SECRET_KEY=x \\
        SITE_URL=http://127.0.0.1:8000 \\
        STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \\
        .venv/bin/python bench/statistiques.py

It generates the visits in SQL (generate_series, a few seconds for a million), spread over
2024-2026, then measures with Django's test client, logged in as staff, the time and the
number of queries of /statistiques/?annee=2025 and /statistiques/2025/rapport.pdf, first over
a small log and then over the large one: the query counts must be the same. Each page is
measured cold (the data's version changed: the figures computed again from the monthly
counts), then warm (median of the next requests, the rendered figures read from the cache).
Targets: dashboard under 300 ms, report under 3 s.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import TruncMonth  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.donnees import effacer_passages, generer_passages  # noqa: E402
from partenariats.demo import charger_organisations  # noqa: E402
from ruche.formats import PARIS  # noqa: E402
from ruche.models import Passage, Utilisateur  # noqa: E402
from ruche.periodes import Periode  # noqa: E402
from ruche.roles import PERSONNEL  # noqa: E402
from ruche.statistiques.demo import charger_totaux_2023  # noqa: E402
from ruche.versions import changer_version  # noqa: E402

PAGES = {
    "tableau de bord": "/statistiques/?annee=2025",
    "rapport PDF": "/statistiques/2025/rapport.pdf",
}
CIBLES = {"tableau de bord": 0.3, "rapport PDF": 3.0}


def generer(lignes, *, auteur, partenaire):
    """Replaces the visits this benchmark wrote before; the others (demo...) stay."""
    debut = time.perf_counter()
    effacer_passages(auteur)
    generer_passages(
        lignes, auteur=auteur, partenaire=partenaire, debut="2024-01-01 08:00+01", jours=1095
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ruche_passage")
    return time.perf_counter() - debut


def mesurer(client, url, repetitions):
    """(cold time, cold queries), then the median time, queries and slowest query when warm.

    Cold: the figures are computed by this first request."""
    with CaptureQueriesContext(connection) as capture:
        debut = time.perf_counter()
        client.get(url)
        froid = time.perf_counter() - debut, len(capture.captured_queries)
    durees, requetes = [], []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            response = client.get(url)
            durees.append(time.perf_counter() - debut)
        assert response.status_code == 200, (url, response.status_code)
        requetes.append(capture.captured_queries)
    plus_lente = max(float(q["time"]) for q in requetes[-1])
    return froid, statistics.median(durees), len(requetes[-1]), plus_lente


def expliquer(periode):
    """Prints PostgreSQL's plan of the visitor log's aggregate query."""
    debut, fin = periode.bornes()
    requete = (
        Passage.objects.filter(quand__gte=debut, quand__lt=fin)
        .annotate(mois=TruncMonth("quand", tzinfo=PARIS))
        .values("mois", "accompagnement", "theme", "partenaire_id")
        .annotate(nombre=Count("*"))
        .order_by()
    )
    print(requete.explain(analyze=True, buffers=True))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=1_000_000)
    parser.add_argument("--petit", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument(
        "--explain", action="store_true", help="affiche le plan de la requête des passages"
    )
    options = parser.parse_args()

    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Il faut une base PostgreSQL dont le nom contient « bench » (voir l'en-tête).")
    setup_test_environment()
    call_command("migrate", verbosity=0)
    _, association = charger_organisations()
    charger_totaux_2023()
    auteur, _ = Utilisateur.objects.get_or_create(username="bench", defaults={"is_staff": True})
    auteur.groups.add(Group.objects.get(name=PERSONNEL))
    client = Client()
    client.force_login(auteur)

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}")
    resultats = {}
    for lignes in (options.petit, options.lignes):
        duree = generer(lignes, auteur=auteur, partenaire=association)
        print(f"\n{Passage.objects.count():>9} passages générés en {duree:.1f} s")
        for nom, url in PAGES.items():
            changer_version()
            froid, mediane, nombre, plus_lente = mesurer(client, url, options.repetitions)
            resultats.setdefault(nom, []).append((froid[1], nombre))
            print(
                f"  {nom:<16} {froid[0] * 1000:8.0f} ms à froid (chiffres calculés), "
                f"{froid[1]} requêtes"
            )
            etat = "OK" if mediane <= CIBLES[nom] else "TROP LENT"
            print(
                f"  {nom:<16} {mediane * 1000:8.0f} ms (médiane de {options.repetitions}), "
                f"{nombre} requêtes, la plus lente {plus_lente * 1000:.0f} ms "
                f"— cible {CIBLES[nom] * 1000:.0f} ms : {etat}"
            )
    if options.explain:
        expliquer(Periode.annee(2025))
    for nom, nombres in resultats.items():
        constant = "constant" if len(set(nombres)) == 1 else "VARIE"
        print(f"Requêtes (à froid, à chaud), {nom} : {nombres} → {constant}")


if __name__ == "__main__":
    main()
