"""Benchmark: queries and time of the /rendez-vous/<slug>/ slot listing, with and without a
generated year of bookings. Not a test: it prints figures.

    DATABASE_URL=postgres://... .venv/bin/python bench/rendezvous.py

It creates (and drops) a throwaway test database next to the one DATABASE_URL names, loads
the demo data in it, then adds a year of generated occurrences (bench/donnees.py), measured
without and then with their appointments; the demo's own occurrences are never booked.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

from bench.donnees import generer_occurrences, generer_reservations  # noqa: E402


def mesurer(client, url, repetitions=15):
    client.get(url)
    timings = []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return len(queries), statistics.median(timings)


def scenario(nom, client, occurrences, bookings):
    from permanences.demo.calendrier import RENOUVELLEMENT

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = []
    for url in [
        f"/rendez-vous/{RENOUVELLEMENT}/",
        f"/rendez-vous/{RENOUVELLEMENT}/?depuis="
        + (timezone.localdate() + timedelta(days=30)).isoformat(),
    ]:
        queries, ms = mesurer(client, url)
        rows.append((nom, occurrences, bookings, url, queries, ms))
    return rows


def main():
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        # On top of the demo: generated occurrences, measured empty, then booked.
        call_command("demo", force=True, stdout=StringIO())
        client = Client()
        occurrences = generer_occurrences(annees=1)
        rows = scenario("sans rendez-vous", client, len(occurrences), 0)
        bookings = generer_reservations(occurrences)
        rows += scenario("une année de rendez-vous", client, len(occurrences), bookings)
    finally:
        teardown_databases(old, verbosity=0)
    print(f"{'scénario':<26} {'séances':>8} {'rdv':>7} {'requêtes':>9} {'médiane ms':>11}  page")
    for nom, occurrences, bookings, url, queries, ms in rows:
        print(f"{nom:<26} {occurrences:>8} {bookings:>7} {queries:>9} {ms:>11.1f}  {url}")


if __name__ == "__main__":
    main()
