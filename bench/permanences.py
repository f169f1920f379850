"""Benchmark of the calendar pages with ten years of generated calendars.

Run it with `scripts/bench.sh bench/permanences.py` (a throwaway PostgreSQL), or against an EMPTY
PostgreSQL database of your own:

    DATABASE_URL=postgres://user@host/empty_db .venv/bin/python bench/permanences.py

It migrates the database, generates the calendars year after year (the most recent first,
then older ones), and after each step prints the queries and the median time of the week,
month, staff occupation pages and the ICS feed. Those must not grow with past years.
"""

import statistics
import sys
import time
from datetime import time as heure
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench.demarrer  # noqa: E402, F401  (the settings of a measure, then Django)

# isort: split

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.donnees import sous_convention  # noqa: E402
from permanences.models import (  # noqa: E402
    Calendrier,
    Demarche,
    JetonCalendrier,
    Occurrence,
    Permanence,
    ReservationSalle,
    Salle,
)
from permanences.services.semestre import valider_calendrier  # noqa: E402
from ruche.models import Organisation, Utilisateur  # noqa: E402
from ruche.roles import BENEVOLE, PERSONNEL  # noqa: E402

ANNEES = 10
ORGANISATIONS = 3
REPETITIONS = 15
# (weekday, start, end) of the two weekly permanences each organisation holds.
HEBDOMADAIRES = [(1, heure(9), heure(12)), (3, heure(14), heure(17))]


def preparer():
    if connection.vendor != "postgresql":
        sys.exit("Ce banc d'essai demande PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    if Calendrier.objects.exists():
        sys.exit("La base n'est pas vide : lancez scripts/bench.sh bench/permanences.py.")
    salles = [Salle.objects.create(nom=f"Salle {n}", capacite=6) for n in range(ORGANISATIONS * 2)]
    demarche = Demarche.objects.create(nom="Retraite", slug="retraite", theme="retraite")
    organisations = [
        sous_convention(
            Organisation.objects.create(nom=f"Association {n}", sigle=f"A{n}", nature="association")
        )
        for n in range(ORGANISATIONS)
    ]
    benevole = Utilisateur.objects.create(username="benevole", organisation=organisations[0])
    benevole.groups.add(Group.objects.get(name=BENEVOLE))
    agent = Utilisateur.objects.create(username="agent", is_staff=True)
    agent.groups.add(Group.objects.get(name=PERSONNEL))
    JetonCalendrier.objects.create(utilisateur=benevole, cle="banc-d-essai")
    return salles, demarche, organisations, benevole, agent


def generer_annee(annee, salles, demarche, organisations, agent):
    for semestre in (1, 2):
        for index, organisation in enumerate(organisations):
            calendrier = Calendrier.objects.create(
                organisation=organisation, annee=annee, semestre=semestre
            )
            for rang, (jour, debut, fin) in enumerate(HEBDOMADAIRES):
                permanence = Permanence.objects.create(
                    organisation=organisation,
                    calendrier=calendrier,
                    jour_semaine=jour,
                    heure_debut=debut,
                    heure_fin=fin,
                    salle=salles[index * 2 + rang],
                )
                permanence.demarches.add(demarche)
            valider_calendrier(calendrier=calendrier, par=agent)


def mesurer(client, url):
    timings = []
    for _ in range(REPETITIONS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries), statistics.median(timings)


def main():
    salles, demarche, organisations, benevole, agent = preparer()
    volunteer, staff, phone = Client(), Client(), Client()
    volunteer.force_login(benevole)
    staff.force_login(agent)
    pages = [
        ("semaine (bénévole)", volunteer, reverse("permanences:semaine")),
        ("semaine (personnel)", staff, reverse("permanences:semaine")),
        ("mois (bénévole)", volunteer, reverse("permanences:mois")),
        ("occupation (personnel)", staff, reverse("permanences:occupation")),
        ("flux ICS", phone, reverse("permanences:agenda_ics", kwargs={"cle": "banc-d-essai"})),
    ]
    this_year = timezone.localdate().year
    steps = [(this_year, this_year), (this_year - 4, this_year - 1), (this_year - 9, this_year - 5)]
    print(f"{'années':>7} {'séances':>8} {'réservations':>12}  page: requêtes, médiane (ms)")
    for first, last in steps:
        start = time.perf_counter()
        for annee in range(last, first - 1, -1):
            generer_annee(annee, salles, demarche, organisations, agent)
        generation = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        years = this_year - first + 1
        print(
            f"{years:>7} {Occurrence.objects.count():>8} {ReservationSalle.objects.count():>12}"
            f"  (génération de {last - first + 1} an(s) : {generation:.1f} s)"
        )
        for name, client, url in pages:
            count, median = mesurer(client, url)
            print(f"{'':>30}{name:<24} {count:>3} requêtes  {median:7.1f} ms")


if __name__ == "__main__":
    main()
