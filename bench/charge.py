"""Load benchmark: each page's throughput under gunicorn, as a share of a bare Django view's.

Run it with `make load` or `scripts/charge.sh [--annees 10]`: a throwaway PostgreSQL, a
fresh database, production settings (DEBUG off, collected static files with the manifest
storage). By hand, against an EMPTY PostgreSQL database whose name contains "charge":

    DJANGO_SETTINGS_MODULE=bench.reglages DATABASE_URL=postgres://.../ruche_charge \\
        DEBUG=false SECRET_KEY=x SITE_URL=http://127.0.0.1:8000 \\
        ALLOWED_HOSTS=127.0.0.1,testserver .venv/bin/python bench/charge.py

It migrates, loads the demo data, generates one year (or --annees N) of occurrences,
appointments, workshops and visits on top of it, starts gunicorn (two sync workers) on the
loopback with bench/reglages.py (the project's settings and URLs plus /plafond/, a view that
only answers "ok": the ceiling), then loads each page with wrk (a Python generator if wrk is
missing), each run preceded by a run on the ceiling, and prints requests per second, share
of the ceiling, p50 and p99 latency, and the database queries of one request (counted apart
with Django's test client, once warm).
On a shared machine absolute figures move from run to run: read the share of the ceiling.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reglages"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import donnees  # noqa: E402

PLAFOND = "/plafond/"
# Share of the ceiling each kind of page must reach, and the p99 limit, from issue #14.
CIBLES = {"public": 1 / 3, "personnel": 1 / 10}
P99_MAX_MS = 300
PASSAGES_PAR_AN = 8_000  # the 2023 report counted 8,123 visitors


def preparer(annees):
    """Demo data, then `annees` years of generated activity on top. Returns the pages."""
    from permanences.demo.calendrier import RENOUVELLEMENT
    from permanences.models import Demarche, RendezVous
    from permanences.services.disponibilites import prochains_creneaux
    from ruche.models import Utilisateur
    from ruche.models.lieu import lieu_par_defaut
    from ruche.roles import PERSONNEL

    call_command("migrate", verbosity=0)
    if not Utilisateur.objects.filter(username="agent").exists():
        call_command("demo", force=True, stdout=StringIO())
    debut = time.perf_counter()
    occurrences, rendez_vous = donnees.generer_rendez_vous(annees=annees)
    ateliers = donnees.generer_ateliers(annees=annees)
    auteur, _ = Utilisateur.objects.get_or_create(username="banc", defaults={"is_staff": True})
    auteur.groups.add(Group.objects.get(name=PERSONNEL))
    donnees.generer_passages(
        PASSAGES_PAR_AN * annees,
        auteur=auteur,
        partenaire=donnees.organisation_du_banc(),
        debut=timezone.now() - timedelta(days=365 * annees),
        jours=365 * annees,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Données : démo + {annees} an(s) générés en {time.perf_counter() - debut:.0f} s : "
        f"{occurrences} séances, {rendez_vous} rendez-vous, {ateliers} ateliers, "
        f"{PASSAGES_PAR_AN * annees} passages."
    )
    demarche = Demarche.objects.get(lieu_id=lieu_par_defaut(), slug=RENOUVELLEMENT)
    creneau = prochains_creneaux(demarche=demarche, nombre=1)[0]
    secret = (
        RendezVous.objects.reserves()
        .filter(occurrence__permanence__organisation=donnees.organisation_du_banc())
        .order_by("debut")
        .values_list("secret", flat=True)
        .first()
    )
    slots = f"/rendez-vous/{demarche.slug}/"
    return [
        # (name, kind, URL, user logged in or None)
        ("accueil", "public", "/", None),
        ("démarches", "public", "/rendez-vous/", None),
        ("créneaux libres", "public", slots, None),
        ("formulaire", "public", f"{slots}reserver/?creneau={creneau.valeur}", None),
        ("ateliers", "public", "/ateliers/", None),
        ("lien secret", "public", f"/rendez-vous/{secret}/", None),
        ("semaine (bénévole)", "personnel", "/espace/", "presidente"),
        ("jour (bénévole)", "personnel", "/espace/rendez-vous/", "presidente"),
        ("tableau du jour", "personnel", "/espace/journee/", "agent"),
        ("statistiques", "personnel", "/statistiques/", "agent"),
    ]


def clients():
    """A test client per account, logged in: their session cookies serve gunicorn too."""
    from ruche.models import Utilisateur

    result = {None: Client()}
    for username in ("presidente", "agent"):
        client = Client()
        client.force_login(Utilisateur.objects.get(username=username))
        result[username] = client
    return result


def compter_requetes(pages, par_compte):
    """Queries of one request to each page, warm as under load: a first request sets the
    CSRF cookie the per-person cached parts are keyed by, a second one fills them."""
    counts = {}
    for nom, _kind, url, compte in pages:
        client = par_compte[compte]
        for _ in range(2):
            assert client.get(url).status_code == 200, (nom, url)
        with CaptureQueriesContext(connection) as capture:
            response = client.get(url)
        assert response.status_code == 200, (nom, url, response.status_code)
        counts[nom] = len(capture.captured_queries)
    return counts


# --- gunicorn --------------------------------------------------------------------------


def port_libre():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demarrer_gunicorn(port, journal, workers=2):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.reglages"}
    process = subprocess.Popen(
        [
            str(gunicorn),
            "ruche.wsgi",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            f"--chdir={RACINE}",
            "--log-level=warning",
        ],
        env=env,
        stdout=journal,
        stderr=journal,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté (code {process.returncode}).")
        try:
            if get(port, PLAFOND)[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn ne répond pas.")


def arreter(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def rendre_journal(journal):
    """Prints the end of gunicorn's log when it holds anything, else removes it."""
    erreurs = Path(journal.name).read_text()
    if erreurs.strip():
        print(f"Journal de gunicorn ({journal.name}) :\n{erreurs[-3000:]}", file=sys.stderr)
    else:
        os.unlink(journal.name)


def vider(port):
    """Waits for the requests the load generator left queued in gunicorn's backlog: a request
    sent now is answered once those ahead of it were, so the next run starts on idle workers."""
    for _ in range(2):
        get(port, PLAFOND)


def get(port, url, cookie=None):
    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connexion.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = connexion.getresponse()
        response.read()
        return response.status, response
    finally:
        connexion.close()


# --- load generators ---------------------------------------------------------------------

UNITES = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(texte):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", texte)
    return float(match[1]) * UNITES[match[2]]


def wrk(port, url, cookie, duree, connexions):
    """(requests/s, p50 ms, p99 ms, failures) from wrk's summary with --latency."""
    commande = ["wrk", "-t2", f"-c{connexions}", f"-d{duree}s", "--latency", "--timeout=5s"]
    if cookie:
        commande += ["-H", f"Cookie: {cookie}"]
    sortie = subprocess.run(
        [*commande, f"http://127.0.0.1:{port}{url}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=duree + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", sortie)[1])
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", sortie, re.M)[1])
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", sortie, re.M)[1])
    echecs = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", sortie):
        echecs += int(match[1])
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", sortie
    ):
        echecs += int(match[1]) + int(match[4])
    return rps, p50, p99, echecs


def python_charge(port, url, cookie, duree, connexions):
    """The same measure without wrk: `connexions` threads, each one request after another."""
    latences, echecs, verrou = [], [0], threading.Lock()
    fin = time.monotonic() + duree

    def boucle():
        mine, failed = [], 0
        while time.monotonic() < fin:
            debut = time.perf_counter()
            try:
                status, _ = get(port, url, cookie)
            except OSError:
                status = 0
            mine.append((time.perf_counter() - debut) * 1000)
            failed += status != 200
        with verrou:
            latences.extend(mine)
            echecs[0] += failed

    threads = [threading.Thread(target=boucle) for _ in range(connexions)]
    debut = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ecoule = time.monotonic() - debut
    latences.sort()
    centile = lambda q: latences[min(len(latences) - 1, int(q * len(latences)))]  # noqa: E731
    return len(latences) / ecoule, centile(0.5), centile(0.99), echecs[0]


# --- main --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annees", type=int, default=1, help="années de données générées")
    parser.add_argument("--duree", type=int, default=5, help="secondes par mesure")
    parser.add_argument("--connexions", type=int, default=16)
    parser.add_argument("--tours", type=int, default=2, help="mesures de chaque page")
    parser.add_argument("--python", action="store_true", help="sans wrk, même s'il est là")
    options = parser.parse_args()

    nom_base = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "charge" not in nom_base:
        sys.exit(
            "Il faut une base PostgreSQL vide dont le nom contient « charge » (voir l'en-tête)."
        )
    setup_test_environment()
    pages = preparer(options.annees)
    par_compte = clients()
    requetes = compter_requetes(pages, par_compte)
    # The session and the CSRF cookie, as a browser sends them: the staff pages' cached
    # parts are keyed by the CSRF secret (ruche.versions.cle_personnelle).
    cookies = {
        compte: (
            "; ".join(
                f"{nom}={client.cookies[nom].value}"
                for nom in ("sessionid", "csrftoken")
                if nom in client.cookies
            )
            if compte
            else None
        )
        for compte, client in par_compte.items()
    }
    connection.close()

    charge = python_charge if options.python or not shutil.which("wrk") else wrk
    generateur = "wrk" if charge is wrk else "générateur Python"
    journal = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in the finally below
        prefix="ruche-gunicorn-", suffix=".log", delete=False
    )
    port = port_libre()
    process = demarrer_gunicorn(port, journal)
    mesures = {nom: [] for nom, *_ in pages}
    try:
        for nom, _kind, url, compte in pages:
            status, response = get(port, url, cookies[compte])
            if status != 200:
                raise SystemExit(f"{nom} : {url} répond {status} à gunicorn.")
            for _ in range(20):  # warms each worker's caches and connections
                get(port, url, cookies[compte])
        for tour in range(options.tours):
            for nom, _kind, url, compte in pages:
                plafond = charge(port, PLAFOND, None, options.duree, options.connexions)
                vider(port)
                mesure = charge(port, url, cookies[compte], options.duree, options.connexions)
                vider(port)
                mesures[nom].append((mesure, plafond))
                print(
                    f"  tour {tour + 1} {nom:<20} {mesure[0]:7.1f} req/s, plafond "
                    f"{plafond[0]:7.1f} req/s, p99 {mesure[2]:6.1f} ms",
                    file=sys.stderr,
                )
    finally:
        arreter(process)
        journal.close()
    rendre_journal(journal)
    imprimer(pages, mesures, requetes, options, generateur)


def imprimer(pages, mesures, requetes, options, generateur):
    print(
        f"\n{options.annees} an(s) de données, gunicorn 2 workers sync, {generateur} "
        f"{options.connexions} connexions, {options.tours} × {options.duree} s par page "
        f"(médianes ; part du plafond mesuré juste avant chaque page)\n"
    )
    print("| page | req/s | part du plafond | p50 ms | p99 ms | requêtes SQL | cible |")
    print("|---|---:|---:|---:|---:|---:|---|")
    plafonds = []
    for nom, kind, _url, _compte in pages:
        runs = mesures[nom]
        parts = [m[0] / p[0] if p[0] else 0.0 for m, p in runs]
        plafonds += [p[0] for _m, p in runs]
        part = statistics.median(parts)
        p99 = statistics.median(m[2] for m, _p in runs)
        echecs = sum(m[3] for m, _p in runs)
        atteint = part >= CIBLES[kind] and (kind != "public" or p99 < P99_MAX_MS)
        cible = f"≥ {CIBLES[kind]:.0%}" + (f", p99 < {P99_MAX_MS} ms" if kind == "public" else "")
        print(
            f"| {nom} | {statistics.median(m[0] for m, _p in runs):.0f} "
            f"| {part:.0%} ({min(parts):.0%}–{max(parts):.0%}) "
            f"| {statistics.median(m[1] for m, _p in runs):.0f} | {p99:.0f} "
            f"| {requetes[nom]} | {cible} : {'oui' if atteint else 'NON'}"
            + (f", {echecs} ÉCHECS" if echecs else "")
            + " |"
        )
    print(f"| plafond (/plafond/) | {statistics.median(plafonds):.0f} | 100 % | | | 0 | |")


if __name__ == "__main__":
    main()
