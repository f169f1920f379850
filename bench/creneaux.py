"""Benchmark of one free-slot list and one booking form under bookings: the queries and the
time of one request when the page is kept (a hit), after a booking that changes nothing the
page shows (its version renewed: the digest's path, ruche/cache_pages.py), after a booking
that changes what it shows (a render), and with the cache emptied (cold).

    scripts/bench.sh bench/creneaux.py                  # 33 places, the per-process cache
    scripts/bench.sh bench/creneaux.py --redis          # a throwaway Redis behind it
    scripts/bench.sh bench/creneaux.py --lieux 5        # a quick run

It needs an EMPTY PostgreSQL database (scripts/bench.sh makes one): the demo, then a year of
activity for each place (bench/lieux.py's generator, three in four future times taken). The
bookings are made through the service, as the load benchmark's writers make them, and each
is cancelled after its measure, so the slots last. A booking is made by another process in
production: after each one, the copies the writing process kept of the démarche's free slots
in its own memory are forgotten, so the reader finds what another process would (the shared
cache, or nothing with the per-process cache). Each figure is the median of `--repetitions`
requests, with the machine's load average beside it.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench.demarrer  # noqa: E402, F401  (the settings of a measure, then Django)

# isort: split

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.lieux import ajouter_lieux, apres_generation, generer_activite, preparer  # noqa: E402
from permanences.models import Demarche, Occurrence, RendezVous  # noqa: E402
from permanences.services.disponibilites import (  # noqa: E402
    creneaux_publics,
    jours_libres_publics,
)
from permanences.services.rendezvous import (  # noqa: E402
    annuler_rendez_vous,
    reserver_rendez_vous,
)
from ruche.lieux_publics import url_lieu  # noqa: E402
from ruche.models import Lieu, Utilisateur  # noqa: E402


def oublier_les_copies_du_processus():
    """The booking was made in this process: forget what it kept of the free slots in its
    own memory, as another process would not have it."""
    locale = getattr(cache, "locale", None)
    if locale is not None:  # ruche.cache.DeuxNiveaux: its per-process tier
        with locale._verrou:
            for cle in [c for c in locale._entrees if ":creneaux-libres:" in c]:
                del locale._entrees[cle]
    elif hasattr(cache, "_cache"):  # the per-process cache: another process has its own
        for cle in [c for c in cache._cache if ":creneaux-libres:" in c]:
            cache._cache.pop(cle, None)
            cache._expire_info.pop(cle, None)


def reserver(demarche, creneau, auteur):
    cle, instant, _fin = creneau
    return reserver_rendez_vous(
        occurrence=Occurrence.objects.get(pk=cle),
        demarche=demarche,
        debut=datetime.fromtimestamp(instant, UTC),
        nom="Banc Créneaux",
        telephone="0612345678",
        canal=RendezVous.Canal.TELEPHONE,
        par=auteur,
    )


def requete(client, url):
    with CaptureQueriesContext(connection) as capture:
        debut, processeur = time.perf_counter(), time.process_time()
        reponse = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        duree = (time.perf_counter() - debut) * 1000
        calcul = (time.process_time() - processeur) * 1000
    if reponse.status_code != 200:
        sys.exit(f"{url} : {reponse.status_code}")
    return len(capture.captured_queries), duree, calcul


def mesurer(client, pages, demarche, auteur, repetitions, profil=False):
    """{(page, case): (queries of the last request, median ms, median ms of this process's
    CPU, load)}; each page measured on
    its own after its own booking (another page read after the same booking would find what
    the first one put in the cache)."""
    libres = creneaux_publics(demarche=demarche)
    jours, _suite, _cle = jours_libres_publics(demarche=demarche, jours=5)
    premiers = {creneau.valeur for _jour, creneaux in jours for creneau in creneaux}
    # Times beyond the first page (the list keeps what it shows) and on it (it changes), the
    # form's own time aside (its form would say it is taken).
    loin = [c for c in reversed(libres) if f"{c[0]}-{c[1]}" not in premiers]
    proches = [c for c in libres[1:] if f"{c[0]}-{c[1]}" in premiers]
    mesures = {}
    rang = iter(range(10**6))

    def apres(url, creneaux):
        n = next(rang)
        rdv = reserver(demarche, creneaux[n % len(creneaux)], auteur)
        oublier_les_copies_du_processus()
        resultat = requete(client, url)
        annuler_rendez_vous(rendez_vous=rdv, par=auteur)
        oublier_les_copies_du_processus()
        requete(client, url)
        return resultat

    for page, url in pages.items():
        requete(client, url)
        for _ in range(repetitions):
            cas = {
                "gardée": lambda url=url: requete(client, url),
                "après une réservation plus loin": lambda url=url: apres(url, loin),
                "après une réservation des premiers jours": lambda url=url: apres(url, proches),
            }
            for nom, fonction in cas.items():
                mesures.setdefault((page, nom), []).append(fonction())
            cache.clear()
            mesures.setdefault((page, "à froid"), []).append(requete(client, url))
    if profil:
        import cProfile
        import pstats
        from io import StringIO

        for page, url in pages.items():
            requete(client, url)
            rdv = reserver(demarche, loin[0], auteur)
            oublier_les_copies_du_processus()
            profileur = cProfile.Profile()
            profileur.runcall(requete, client, url)
            annuler_rendez_vous(rendez_vous=rdv, par=auteur)
            sortie = StringIO()
            statistiques = pstats.Stats(profileur, stream=sortie).sort_stats("cumulative")
            statistiques.print_stats(r"/work|ruche|permanences", 40)
            print(f"\n== profil : {page} après une réservation plus loin\n{sortie.getvalue()}")
    return {
        cle: (
            liste[-1][0],
            statistics.median(r[1] for r in liste),
            statistics.median(r[2] for r in liste),
            os.getloadavg()[0],
        )
        for cle, liste in mesures.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lieux", type=int, default=33)
    parser.add_argument("--repetitions", type=int, default=15)
    parser.add_argument("--redis", action="store_true", help="CACHE_URL vient de scripts/bench.sh")
    parser.add_argument("--profil", action="store_true", help="profile one request of each page")
    options = parser.parse_args()
    setup_test_environment()
    logging.getLogger("ruche.sms").setLevel(logging.ERROR)  # each booking's text message

    premier = preparer()
    auteur = Utilisateur.objects.create(username="banc-creneaux", is_staff=True)
    debut = time.perf_counter()
    generer_activite(premier, annees=1, passages=1000, auteur=auteur)
    ajouter_lieux(options.lieux, annees=1, passages=1000, auteur=auteur)
    apres_generation()
    print(f"{Lieu.objects.count()} lieux générés en {time.perf_counter() - debut:.0f} s.")

    premier = Lieu.objects.get(pk=premier.pk)
    premier.plusieurs = Lieu.objects.count() > 1
    demarche = Demarche.objects.actives().filter(lieu=premier).order_by("pk").first()
    liste = url_lieu("permanences:demarche_ou_rendez_vous", premier, demarche.slug)
    forme = creneaux_publics(demarche=demarche)[0]
    pages = {"créneaux": liste, "formulaire": f"{liste}reserver/?creneau={forme[0]}-{forme[1]}"}
    resultats = mesurer(Client(), pages, demarche, auteur, options.repetitions, options.profil)

    reglage = settings.CACHES["default"]
    moteur = reglage.get("OPTIONS", {}).get("PARTAGE", reglage)
    print(f"\nCache : {moteur['BACKEND']}, {options.lieux} lieux, {liste}")
    print("| page | cas | requêtes | ms (médiane) | ms de calcul (médiane) | charge |")
    print("|---|---|---:|---:|---:|---:|")
    for (page, cas), (requetes, ms, calcul, charge) in resultats.items():
        print(f"| {page} | {cas} | {requetes} | {ms:.1f} | {calcul:.1f} | {charge:.1f} |")


if __name__ == "__main__":
    main()
