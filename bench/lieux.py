"""Benchmark of an install serving many places: 33 France Services sites over ten years.

    scripts/bench.sh bench/lieux.py                        # 33 places, 10 years, 1,000,000 visits
    scripts/bench.sh bench/lieux.py --lieux 5 --annees 2 --passages 100000   # a quick run
    scripts/bench.sh bench/lieux.py --lieux 1000 --annees 2 --passages 2000000 --minutes 10
        # a national network: as many of the 1,000 places as ten minutes of generation allow

It needs an EMPTY PostgreSQL database (scripts/bench.sh makes one). It loads the demo (its
place is the first place), then gives the first place ten years of generated activity: three
rooms, a validated semester calendar with two weekly permanences, their sessions (with room
bookings) and appointments, a workshop every Wednesday with its registrations, the closures
of each Christmas week, and its share of the visits (`--passages` in total over all the
places, written in SQL). It measures the public pages, the staff day board, the network
statistics and the open-data export, then adds the other places with the same activity and
measures again. The second place is generated like the first; every other one is a copy of
it made by the database, a batch of places per statement (bench/gabarit.py), which is what
lets a thousand places fit in minutes. The query counts must not change with the number of
places: the table shows both columns and says "=" when they agree, and each time beside the
machine's load average when it was measured.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as heure
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench.demarrer  # noqa: E402, F401  (the settings of a measure, then Django)

# isort: split

from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.donnees import (  # noqa: E402
    generer_reservations,
    organisation_du_banc,
    sous_convention,
)
from bench.gabarit import Gabarit  # noqa: E402
from permanences.models import (  # noqa: E402
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
from ruche.formats import PARIS  # noqa: E402
from ruche.lieux_publics import url_lieu  # noqa: E402
from ruche.models import (  # noqa: E402
    Fermeture,
    HoraireOuverture,
    Lieu,
    Utilisateur,
)
from ruche.models.compte import recompter  # noqa: E402
from ruche.models.passage import Accompagnement, Theme  # noqa: E402
from ruche.portees import ecriture_en_masse  # noqa: E402
from ruche.roles import PERSONNEL  # noqa: E402

REPETITIONS = 5
STATISTIQUES_MAX_MS = 1000  # a year of the network's statistics, computed (issue #25)
LOT = 5000  # rows per bulk_create batch
LIEUX_PAR_LOT = 25  # places copied from the template per commit
JOURS_A_VENIR = 120
# (weekday, start, end, room index) of the two weekly permanences of each place.
PERMANENCES = [(1, heure(9), heure(12), 0), (3, heure(14), heure(17), 1)]
ATELIER = (2, heure(14), heure(16), 2)  # a workshop every Wednesday afternoon, third room

PASSAGES_SQL = """
SELECT setseed(0.42);
INSERT INTO ruche_passage
    (quand, cree_le, accompagnement, theme, partenaire_id, tranche_age, premiere_visite,
     auteur_id, lieu_id, issue, transmission)
SELECT quand, quand,
       (%(accompagnements)s::text[])[1 + (i %% 7)],
       (%(themes)s::text[])[1 + ((i * 7) %% 13)],
       NULL, '', NULL, %(auteur)s, %(lieu)s, '', ''
FROM (
    SELECT i, %(debut)s::timestamptz + random() * %(jours)s * interval '1 day' AS quand
    FROM generate_series(1, %(lignes)s) AS i
) AS s;
"""


def preparer():
    if connection.vendor != "postgresql":
        sys.exit("Ce banc d'essai demande PostgreSQL (scripts/bench.sh bench/lieux.py).")
    call_command("migrate", verbosity=0)
    if Lieu.objects.filter(slug__startswith="banc-").exists():
        sys.exit("La base n'est pas vide : lancez scripts/bench.sh bench/lieux.py.")
    call_command("demo", force=True, stdout=StringIO())
    return Lieu.objects.order_by("pk").first()


def nouveau_lieu(n):
    """A France Services site of the benchmark, open Monday to Friday."""
    lieu = Lieu.objects.create(
        nom=f"France Services du banc {n:02d}",
        slug=f"banc-{n:02d}",
        adresse=f"{n} place de la Mairie",
        code_postal="30200",
        commune="Bagnols-sur-Cèze",
        code_insee="30028",
        telephone="04 66 39 00 00",
        siret="21300283500016",
        latitude="44.162300",
        longitude="4.619300",
    )
    HoraireOuverture.objects.bulk_create(
        HoraireOuverture(lieu=lieu, jour=jour, debut=debut, fin=fin)
        for jour in range(5)
        for debut, fin in ((heure(9), heure(12)), (heure(14), heure(17)))
    )
    for slug, nom, theme in (
        ("retraite", "Mes droits à la retraite", Demarche.Theme.RETRAITE),
        ("titre-sejour", "Mon titre de séjour", Demarche.Theme.TITRE_SEJOUR),
    ):
        Demarche.objects.create(lieu=lieu, slug=f"{slug}-{n:02d}", nom=nom, theme=theme)
    return lieu


def _jours(premier, dernier, jour_semaine):
    jour = premier + timedelta(days=(jour_semaine - premier.weekday()) % 7)
    while jour <= dernier:
        yield jour
        jour += timedelta(days=7)


def generer_activite(lieu, *, annees, passages, auteur):
    """Ten years (or `annees`) of one place's activity. Returns the rows written by kind."""
    organisation = sous_convention(organisation_du_banc(), lieu)
    salles = [
        Salle.objects.create(lieu=lieu, nom=f"Bureau du banc {i}", capacite=4 if i < 2 else 10)
        for i in range(3)
    ]
    demarches = list(Demarche.objects.filter(lieu=lieu, active=True))
    aujourd_hui = timezone.localdate()
    premier = date(aujourd_hui.year - annees + 1, 1, 1)
    dernier = aujourd_hui + timedelta(days=JOURS_A_VENIR)
    maintenant = timezone.now()

    # Calendars, one per semester, validated, with the two weekly permanences.
    permanences = {}
    for annee in range(premier.year, dernier.year + 1):
        for semestre in (1, 2):
            calendrier = Calendrier.objects.create(
                lieu=lieu,
                organisation=organisation,
                annee=annee,
                semestre=semestre,
                statut=Calendrier.Statut.VALIDE,
                valide_le=maintenant,
            )
            for jour, debut, fin, salle in PERMANENCES:
                permanence = Permanence.objects.create(
                    organisation=organisation,
                    calendrier=calendrier,
                    jour_semaine=jour,
                    heure_debut=debut,
                    heure_fin=fin,
                    salle=salles[salle],
                    accueil=Permanence.Accueil.RENDEZ_VOUS,
                )
                permanence.demarches.set(demarches)
                permanences[(annee, semestre, jour)] = permanence

    # Sessions and their room bookings.
    reservations, occurrences = [], []
    for jour_semaine, debut, fin, salle in PERMANENCES:
        for jour in _jours(premier, dernier, jour_semaine):
            semestre = 1 if jour.month <= 6 else 2
            debut_dt = datetime.combine(jour, debut, tzinfo=PARIS)
            fin_dt = datetime.combine(jour, fin, tzinfo=PARIS)
            reservations.append(
                ReservationSalle(
                    salle=salles[salle],
                    organisation=organisation,
                    debut=debut_dt,
                    fin=fin_dt,
                    objet=ReservationSalle.Objet.PERMANENCE,
                )
            )
            occurrences.append(
                Occurrence(
                    permanence=permanences[(jour.year, semestre, jour_semaine)],
                    date=jour,
                    debut=debut_dt,
                    fin=fin_dt,
                )
            )
    ReservationSalle.objects.bulk_create(reservations, batch_size=LOT)
    for occurrence, reservation in zip(occurrences, reservations, strict=True):
        occurrence.reservation = reservation
    Occurrence.objects.bulk_create(occurrences, batch_size=LOT)

    # Appointments: every past slot was used, three in four future ones are taken.
    nombre_de_rendez_vous = generer_reservations(occurrences, demarches=demarches)

    # Workshops, each with six registrations.
    jour_semaine, debut, fin, salle = ATELIER
    ateliers = []
    for jour in _jours(premier, dernier, jour_semaine):
        debut_dt = datetime.combine(jour, debut, tzinfo=PARIS)
        fin_dt = datetime.combine(jour, fin, tzinfo=PARIS)
        reservation = ReservationSalle(
            salle=salles[salle],
            organisation=organisation,
            debut=debut_dt,
            fin=fin_dt,
            objet=ReservationSalle.Objet.ATELIER,
        )
        atelier = Atelier(
            titre=f"Atelier du {jour:%d/%m/%Y}",
            public=Atelier.Public.SENIORS,
            organisation=organisation,
            salle=salles[salle],
            debut=debut_dt,
            fin=fin_dt,
            capacite=8,
        )
        ateliers.append((reservation, atelier))
    ReservationSalle.objects.bulk_create([r for r, _ in ateliers], batch_size=LOT)
    for reservation, atelier in ateliers:
        atelier.reservation = reservation
    Atelier.objects.bulk_create([a for _, a in ateliers], batch_size=LOT)
    Inscription.objects.bulk_create(
        (
            Inscription(atelier=atelier, nom=f"Inscrit {n}", telephone="0611223344")
            for _, atelier in ateliers
            for n in range(6)
        ),
        batch_size=LOT,
    )

    # The Christmas week closures.
    Fermeture.objects.bulk_create(
        Fermeture(lieu=lieu, debut=date(a, 12, 24), fin=date(a, 12, 31), motif="Noël")
        for a in range(premier.year, dernier.year + 1)
    )

    # The place's share of the visitor log, in SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            PASSAGES_SQL,
            {
                "accompagnements": list(Accompagnement.values),
                "themes": ["", *Theme.values],
                "auteur": auteur.pk,
                "lieu": lieu.pk,
                "lignes": passages,
                "debut": premier.isoformat() + " 08:00+01",
                "jours": (aujourd_hui - premier).days,
            },
        )
    return {
        "séances": len(occurrences),
        "rendez-vous": nombre_de_rendez_vous,
        "ateliers": len(ateliers),
        "passages": passages,
    }


def ajouter_lieux(dernier, *, annees, passages, auteur, minutes=None):
    """Places 2 to `dernier`: the second generated through the models, the others copied
    from it by the database (bench/gabarit.py), `LIEUX_PAR_LOT` at a time, one commit each,
    until `minutes` of generation have passed. Returns the number of the last place made."""
    debut = time.perf_counter()
    if dernier < 2:
        return dernier
    with transaction.atomic():
        modele = nouveau_lieu(2)
        generer_activite(modele, annees=annees, passages=passages, auteur=auteur)
    gabarit = Gabarit(modele)
    fait = 2
    while fait < dernier:
        if minutes and time.perf_counter() - debut > minutes * 60:
            print(f"Limite de {minutes:g} min atteinte : {fait} lieux sur {dernier}.")
            break
        jusqua = min(dernier, fait + LIEUX_PAR_LOT)
        with transaction.atomic():
            gabarit.copier(fait + 1, jusqua)
        fait = jusqua
        print(f"  {fait} lieux en {time.perf_counter() - debut:.0f} s", file=sys.stderr)
    gabarit.finir()
    return fait


def apres_generation():
    """Bulk writes send no signal: forget what the caches hold, count the visits by month."""
    recompter()
    ecriture_en_masse()
    cache.clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages(premier_lieu):
    demarche = Demarche.objects.filter(lieu=premier_lieu, active=True).order_by("pk").first()
    annee = timezone.localdate().year - 1
    # (who, page, address, measured cold: its cache emptied before each request)
    # With several places, each place's pages are under its slug (ruche.lieux_publics).
    return [
        ("public", "liste des lieux", "/", False),
        ("public", "accueil", url_lieu("accueil", premier_lieu), False),
        ("public", "démarches", url_lieu("permanences:demarches", premier_lieu), False),
        (
            "public",
            "créneaux",
            url_lieu("permanences:demarche_ou_rendez_vous", premier_lieu, demarche.slug),
            False,
        ),
        ("public", "ateliers", url_lieu("permanences:ateliers", premier_lieu), False),
        ("public", "données ouvertes (CSV)", reverse("donnees_lieux_csv"), True),
        (
            "public",
            "data·inclusion (services)",
            reverse("data_inclusion_services"),
            True,
        ),
        ("personnel", "tableau du jour", reverse("permanences:journee"), False),
        ("réseau", "statistiques", f"/statistiques/?annee={annee}", False),
        # The same year computed again at each request (its cache emptied): the target.
        ("réseau", "statistiques calculées", f"/statistiques/?annee={annee}", True),
    ]


def mesurer(client, url, froid):
    """(queries of the last request, median time in ms, the machine's load average over a
    minute): the first requests fill the caches, unless `froid` (a page whose cached copy
    would hide its queries)."""
    durees = []
    for _ in range(REPETITIONS):
        if froid:
            cache.clear()
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            reponse = client.get(url)
            durees.append((time.perf_counter() - debut) * 1000)
        if reponse.status_code != 200:
            sys.exit(f"{url} : {reponse.status_code}")
    return len(capture.captured_queries), statistics.median(durees), os.getloadavg()[0]


def mesurer_tout(clients, liste):
    resultats = {}
    for role, nom, url, froid in liste:
        resultats[nom] = mesurer(clients[role], url, froid)
    return resultats


def profiler(clients, liste):
    """Where the time of one cold request of each cold page goes: the project's functions
    by cumulative time (cProfile), to find what grows with the places."""
    import cProfile
    import pstats

    racine = str(Path(__file__).resolve().parent.parent)
    for role, nom, url, froid in liste:
        if not froid:
            continue
        cache.clear()
        profil = cProfile.Profile()
        profil.runcall(clients[role].get, url)
        print(f"\n== profil : {nom} ({url})")
        sortie = StringIO()
        stats = pstats.Stats(profil, stream=sortie).sort_stats("cumulative")
        stats.print_stats(racine.replace(".", r"\.") + r"/(?!\.venv)", 30)
        print(sortie.getvalue()[-6000:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lieux", type=int, default=33)
    parser.add_argument("--annees", type=int, default=10)
    parser.add_argument(
        "--passages", type=int, default=1_000_000, help="visites en tout, tous lieux confondus"
    )
    parser.add_argument(
        "--minutes", type=float, help="arrête d'ajouter des lieux après ce temps de génération"
    )
    parser.add_argument(
        "--profil",
        action="store_true",
        help="profile one cold request of each cold page at the end (cProfile, project code)",
    )
    options = parser.parse_args()
    setup_test_environment()

    premier = preparer()
    auteur = Utilisateur.objects.create(username="banc-lieux", is_staff=True)
    auteur.groups.add(Group.objects.get(name=PERSONNEL))
    auteur.lieux.add(premier)
    reseau = Utilisateur.objects.create(username="banc-reseau", is_staff=True)
    reseau.groups.add(Group.objects.get(name=PERSONNEL))
    clients = {"public": Client(), "personnel": Client(), "réseau": Client()}
    clients["personnel"].force_login(auteur)
    clients["réseau"].force_login(reseau)
    par_lieu = options.passages // options.lieux

    debut = time.perf_counter()
    volumes = generer_activite(premier, annees=options.annees, passages=par_lieu, auteur=auteur)
    apres_generation()
    reseau.lieux.set(Lieu.objects.all())
    print(f"1 lieu : {volumes} en {time.perf_counter() - debut:.0f} s")
    liste = pages(premier)
    avant = mesurer_tout(clients, liste)

    debut = time.perf_counter()
    options.lieux = ajouter_lieux(
        options.lieux,
        annees=options.annees,
        passages=par_lieu,
        auteur=auteur,
        minutes=options.minutes,
    )
    apres_generation()
    reseau.lieux.set(Lieu.objects.all())
    print(
        f"{options.lieux} lieux : {Occurrence.objects.count()} séances, "
        f"{RendezVous.objects.count()} rendez-vous, {Atelier.objects.count()} ateliers, "
        f"{par_lieu * options.lieux} passages générés en {time.perf_counter() - debut:.0f} s"
    )
    # The addresses of one place's pages move under its slug once there are several.
    apres = mesurer_tout(clients, pages(Lieu.objects.get(pk=premier.pk)))

    n = options.lieux
    print()
    print(
        f"| page | requêtes, 1 lieu | requêtes, {n} lieux | | ms, 1 lieu (charge) "
        f"| ms, {n} lieux (charge) |"
    )
    print("|---|---:|---:|:-:|---:|---:|")
    for role, nom, _, _ in liste:
        (r1, t1, c1), (rn, tn, cn) = avant[nom], apres[nom]
        egal = "=" if r1 == rn else "≠"
        print(
            f"| {nom} ({role}) | {r1} | {rn} | {egal} | {t1:.0f} ({c1:.1f}) | {tn:.0f} ({cn:.1f}) |"
        )
    calcul = apres["statistiques calculées"][1]
    print(
        f"\nStatistiques d'une année du réseau, calculées (base chaude, cache vidé) : "
        f"{calcul:.0f} ms (cible < {STATISTIQUES_MAX_MS} ms : "
        f"{'oui' if calcul < STATISTIQUES_MAX_MS else 'NON'}). "
        f"Charge de la machine (load average 1 min) : {os.getloadavg()[0]:.1f}."
    )
    if options.profil:
        profiler(clients, pages(Lieu.objects.get(pk=premier.pk)))
    if any(avant[nom][0] != apres[nom][0] for _, nom, _, _ in liste):
        sys.exit("Le nombre de requêtes dépend du nombre de lieux.")


if __name__ == "__main__":
    main()
