"""Benchmark: queries and time of the /rendez-vous/<slug>/ slot listing, with and without a
generated year of bookings. Not a test: it prints figures.

    DATABASE_URL=postgres://... .venv/bin/python bench/rendezvous.py

It creates (and drops) a throwaway test database next to the one DATABASE_URL names.
"""

import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

PERMANENCES_PAR_JOUR = 10  # ten rooms, each with a morning permanence, Monday to Friday
MATINEE = (clock(9), clock(12))


def generer(annee_de_rendez_vous):
    from partenariats.models import Organisation
    from permanences.creneaux import PARIS
    from permanences.models import (
        Calendrier,
        Demarche,
        Occurrence,
        Permanence,
        RendezVous,
        ReservationSalle,
        Salle,
    )

    organisation = Organisation.objects.create(
        nom="A.V.A.Q.B-C (banc d'essai)", nature="association"
    )
    demarche = Demarche.objects.create(
        nom="Titre de séjour", slug="titre-de-sejour", theme="titre_sejour", duree_minutes=45
    )
    salles = [
        Salle.objects.create(nom=f"Bureau {i}", capacite=4) for i in range(PERMANENCES_PAR_JOUR)
    ]
    today = timezone.localdate()
    first, last = today - timedelta(days=365), today + timedelta(days=120)
    calendriers = {}
    permanences = {}
    for year in range(first.year, last.year + 1):
        for semestre in (1, 2):
            cal = Calendrier.objects.create(
                organisation=organisation, annee=year, semestre=semestre
            )
            calendriers[(year, semestre)] = cal
            for weekday in range(5):
                for salle in salles:
                    perm = Permanence.objects.create(
                        organisation=organisation,
                        calendrier=cal,
                        jour_semaine=weekday,
                        heure_debut=MATINEE[0],
                        heure_fin=MATINEE[1],
                        salle=salle,
                        accueil="rendez_vous",
                    )
                    perm.demarches.add(demarche)
                    permanences[(year, semestre, weekday, salle.pk)] = perm
    reservations, occurrences = [], []
    day = first
    while day <= last:
        if day.weekday() < 5:
            semestre = 1 if day.month <= 6 else 2
            for salle in salles:
                debut = datetime.combine(day, MATINEE[0], tzinfo=PARIS)
                fin = datetime.combine(day, MATINEE[1], tzinfo=PARIS)
                reservations.append(
                    ReservationSalle(
                        salle=salle,
                        organisation=organisation,
                        debut=debut,
                        fin=fin,
                        objet="permanence",
                    )
                )
                occurrences.append(
                    Occurrence(
                        permanence=permanences[(day.year, semestre, day.weekday(), salle.pk)],
                        date=day,
                        debut=debut,
                        fin=fin,
                    )
                )
        day += timedelta(days=1)
    ReservationSalle.objects.bulk_create(reservations, batch_size=2000)
    for occurrence, reservation in zip(occurrences, reservations, strict=True):
        occurrence.reservation = reservation
    Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    bookings = []
    if annee_de_rendez_vous:
        now = timezone.now()
        for n, occurrence in enumerate(Occurrence.objects.order_by("debut")):
            for k in range(4):
                debut = occurrence.debut + timedelta(minutes=45 * k)
                future = debut > now
                # Every past slot was used; three in four future ones are taken.
                if future and (n + k) % 4 == 0:
                    continue
                bookings.append(
                    RendezVous(
                        occurrence=occurrence,
                        demarche=demarche,
                        debut=debut,
                        fin=debut + timedelta(minutes=45),
                        nom=f"Personne {n}-{k}",
                        telephone="0612345678",
                        statut="reserve" if future else "venu",
                    )
                )
        RendezVous.objects.bulk_create(bookings, batch_size=5000)
    return len(occurrences), len(bookings)


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


def scenario(nom, annee_de_rendez_vous):
    from permanences.models import Demarche, Occurrence, Permanence, RendezVous, ReservationSalle

    RendezVous.objects.all().delete()
    Occurrence.objects.all().delete()
    ReservationSalle.objects.all().delete()
    Permanence.objects.all().delete()
    from permanences.models import Calendrier, Salle

    Calendrier.objects.all().delete()
    Salle.objects.all().delete()
    Demarche.objects.all().delete()
    from partenariats.models import Organisation

    Organisation.objects.all().delete()
    occurrences, bookings = generer(annee_de_rendez_vous)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    rows = []
    for url in [
        "/rendez-vous/titre-de-sejour/",
        "/rendez-vous/titre-de-sejour/?depuis="
        + (timezone.localdate() + timedelta(days=30)).isoformat(),
    ]:
        queries, ms = mesurer(client, url)
        rows.append((nom, occurrences, bookings, url, queries, ms))
    return rows


def main():
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        rows = scenario("sans rendez-vous", False) + scenario("une année de rendez-vous", True)
    finally:
        teardown_databases(old, verbosity=0)
    print(f"{'scénario':<26} {'séances':>8} {'rdv':>7} {'requêtes':>9} {'médiane ms':>11}  page")
    for nom, occurrences, bookings, url, queries, ms in rows:
        print(f"{nom:<26} {occurrences:>8} {bookings:>7} {queries:>9} {ms:>11.1f}  {url}")


if __name__ == "__main__":
    main()
