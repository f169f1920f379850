"""Spread load benchmark: every public page of every place in three languages, under writes.

    scripts/charge.sh --reparti                     # 33 places, one node, 0/1/5/20 writes a second
    scripts/charge.sh --reparti --redis --noeuds 2       # two nodes sharing a throwaway Redis
    scripts/charge.sh --reparti --lieux 5 --duree 3      # a quick run

A network's real traffic is not one page hit again and again: each kind of public page
(place home, démarches, free slots, booking form, workshops, a secret link) is loaded over
every place's pages, each request in turn in French, English and Arabic (wrk with a Lua
script). While it runs, writer processes (--ecrivains, four by default, each with its own
database connection) write across the places at 0, 1, 5 and 20 writes per second in all, at
random moments: half of them visits typed at the desk, half bookings (each one cancelled a
few bookings later, so the slots last); the table gives the rate really made. The logged-in
pages (a volunteer's week and day, the day board, the statistics) are measured under the
same writes. Each measure is preceded by the
bare view's (/plafond/) on the same node(s), and each public kind by a pass over its pages in
the three languages (the pages in use, as on a site visited all day); the table gives each
page's share of it, its p99, and the machine's load average when the row was measured.

One node is one gunicorn with two sync workers; two nodes are two gunicorns with one
worker each on their own ports, loaded by two wrk processes at once (half the connections
each), sharing PostgreSQL and the cache (--redis: a throwaway Redis, CACHE_URL).
"""

import argparse
import http.client
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.charge import (  # noqa: E402  (sets up Django with bench.reglages)
    PLAFOND,
    _ms,
    arreter,
    clients,
    demarrer_gunicorn,
    port_libre,
    preparer,
    rendre_journal,
    vider,
)

LANGUES = ("fr", "en", "ar")
CIBLES = {"public": 1 / 3, "personnel": 1 / 4}
P99_MAX_MS = 100

LUA = """
local chemins = {%(chemins)s}
local langues = {"fr", "en", "ar"}
local cookie = %(cookie)s
local i = 0
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#chemins * 3)
end
request = function()
  i = i + 1
  local chemin = chemins[(i %% #chemins) + 1]
  local langue = langues[(math.floor(i / #chemins) %% 3) + 1]
  local entetes = {["Accept-Language"] = langue}
  if cookie ~= "" then entetes["Cookie"] = cookie end
  return wrk.format("GET", chemin, entetes)
end
"""


def lua(chemins, cookie):
    fichier = tempfile.NamedTemporaryFile(  # noqa: SIM115 - removed by the caller
        "w", prefix="ruche-wrk-", suffix=".lua", delete=False
    )
    fichier.write(
        LUA
        % {
            "chemins": ", ".join(f'"{c}"' for c in chemins),
            "cookie": f'"{cookie}"' if cookie else '""',
        }
    )
    fichier.close()
    return fichier.name


def wrk_script(port, script, duree, connexions):
    sortie = subprocess.run(
        ["wrk", "-t1", f"-c{connexions}", f"-d{duree}s", "--latency", "--timeout=5s",
         "-s", script, f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True, timeout=duree + 60,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", sortie)[1])
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", sortie, re.M)[1])
    echecs = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", sortie):
        echecs += int(match[1])
    return rps, p99, echecs


def mesurer(ports, chemins, cookie, duree, connexions):
    """(requests/s over every node, worst p99, failures): one wrk per node at once."""
    script = lua(chemins, cookie)
    try:
        resultats = [None] * len(ports)

        def un(indice, port):
            resultats[indice] = wrk_script(port, script, duree, max(1, connexions // len(ports)))

        fils = [threading.Thread(target=un, args=(i, p)) for i, p in enumerate(ports)]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join()
    finally:
        os.unlink(script)
    return (
        sum(r[0] for r in resultats),
        max(r[1] for r in resultats),
        sum(r[2] for r in resultats),
    )


def chauffer(ports, chemins, cookie=None):
    """Each page once in each language on each node, just before its measure: the measure
    then sees pages in use (rendered again after a write or a minute), not the first render
    of pages nobody asked for in the language, or not since the last measure of their kind
    (a page lasts a minute). With each process's own cache, a node's other worker may still
    render a page once."""
    for langue in LANGUES:
        for chemin in chemins:
            for port in ports:
                connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                try:
                    entetes = {"Accept-Language": langue}
                    if cookie:
                        entetes["Cookie"] = cookie
                    connexion.request("GET", chemin, headers=entetes)
                    connexion.getresponse().read()
                finally:
                    connexion.close()


# --- the places and their pages ------------------------------------------------------------


def ajouter_lieux(nombre):
    """Places 2..nombre, each with a year of activity (bench/lieux.py's generator: the
    second place through the models, the others copied from it by the database)."""
    from bench.lieux import ajouter_lieux as generer_lieux
    from bench.lieux import apres_generation
    from ruche.models import Utilisateur

    auteur = Utilisateur.objects.get(username="banc")
    debut = time.perf_counter()
    generer_lieux(nombre, annees=1, passages=8000, auteur=auteur)
    apres_generation()
    print(f"{nombre - 1} lieu(x) ajouté(s) en {time.perf_counter() - debut:.0f} s.")


def pages_publiques():
    """{kind: [path, …]} of every place's public pages."""
    from permanences.models import Demarche, RendezVous
    from permanences.services.disponibilites import prochains_creneaux
    from ruche.lieux_publics import url_lieu
    from ruche.models import Lieu

    plusieurs = Lieu.objects.count() > 1
    pages = {k: [] for k in ("accueil", "démarches", "créneaux", "formulaire", "ateliers")}
    pages["lien secret"] = []
    for lieu in Lieu.objects.order_by("pk"):
        lieu.plusieurs = plusieurs
        pages["accueil"].append(url_lieu("accueil", lieu))
        pages["démarches"].append(url_lieu("permanences:demarches", lieu))
        pages["ateliers"].append(url_lieu("permanences:ateliers", lieu))
        for demarche in Demarche.objects.actives().filter(lieu=lieu):
            chemin = url_lieu("permanences:demarche_ou_rendez_vous", lieu, demarche.slug)
            pages["créneaux"].append(chemin)
            if creneaux := prochains_creneaux(demarche=demarche, nombre=1):
                pages["formulaire"].append(f"{chemin}reserver/?creneau={creneaux[0].valeur}")
        secrets = (
            RendezVous.objects.reserves()
            .filter(demarche__lieu=lieu, debut__gt=timezone.now())
            .values_list("secret", flat=True)[:3]
        )
        pages["lien secret"] += [f"/rendez-vous/{secret}/" for secret in secrets]
    return pages


# --- the writes ------------------------------------------------------------------------------


def _ecrire(rang, nombre, debit, arret, resultats):
    """One writer process: writes at `debit` a second on average, at random moments (a
    Poisson process: residents and desks do not take turns), until `arret` is set; the
    démarches whose index modulo `nombre` is `rang` are its own, so two writers never race
    for one slot. Half the writes are visits typed, half bookings, each cancelled four
    bookings later. Puts (writes made, refused, seconds) in `resultats`."""
    from django.db import connection

    from permanences.models import Demarche, Occurrence, RendezVous
    from permanences.services.disponibilites import creneaux_publics
    from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
    from ruche.models import Lieu, Utilisateur
    from ruche.models.passage import Accompagnement
    from ruche.passages.services import enregistrer_passage

    hasard = random.Random(rang)
    auteur = Utilisateur.objects.get(username="banc")
    lieux = list(Lieu.objects.all())
    demarches = list(Demarche.objects.actives().select_related("lieu").order_by("pk"))
    demarches = demarches[rang::nombre] or demarches
    reservees, a_prendre = [], {}
    faites = erreurs = 0
    debut = prochaine = time.monotonic()
    try:
        while not arret.is_set():
            try:
                if hasard.random() < 0.5:
                    enregistrer_passage(
                        auteur=auteur,
                        accompagnement=Accompagnement.values[0],
                        lieu=hasard.choice(lieux),
                    )
                elif len(reservees) >= 4:
                    annuler_rendez_vous(rendez_vous=reservees.pop(0), par=auteur)
                else:
                    demarche = hasard.choice(demarches)
                    # The free slots as residents see them (the démarche's kept summary),
                    # looked up once and used in turn.
                    libres = a_prendre.get(demarche.pk)
                    if not libres:
                        libres = a_prendre[demarche.pk] = creneaux_publics(demarche=demarche)
                    cle, instant, _fin = libres.pop(hasard.randrange(len(libres)))
                    reservees.append(
                        reserver_rendez_vous(
                            occurrence=Occurrence.objects.get(pk=cle),
                            demarche=demarche,
                            debut=datetime.fromtimestamp(instant, UTC),
                            nom="Banc Écriture",
                            telephone="0612345678",
                            canal=RendezVous.Canal.TELEPHONE,
                            par=auteur,
                        )
                    )
            except Exception:  # noqa: BLE001 - a refused write is counted, not fatal
                erreurs += 1
            faites += 1
            prochaine += hasard.expovariate(debit)
            arret.wait(max(0.0, prochaine - time.monotonic()))
        duree = time.monotonic() - debut
        for rdv in reservees:
            annuler_rendez_vous(rendez_vous=rdv, par=auteur)
    finally:
        connection.close()
    resultats.put((faites, erreurs, duree))


class Ecrivains:
    """Writes across the places at `debit` per second in all, from `nombre` processes with
    their own database connections (one Python thread ran each booking's whole service in
    turn: 1.3-3.7 writes a second when 20 were asked, on two busy cores)."""

    def __init__(self, debit, nombre):
        import multiprocessing

        self.contexte = multiprocessing.get_context("fork")
        self.debit, self.nombre = debit, nombre
        self.arret = self.contexte.Event()
        self.resultats = self.contexte.Queue()
        self.processus = []
        self.faites = self.erreurs = 0
        self.duree = 0.0

    def start(self):
        from django.db import connections

        connections.close_all()  # each process opens its own
        for rang in range(self.nombre):
            processus = self.contexte.Process(
                target=_ecrire,
                args=(rang, self.nombre, self.debit / self.nombre, self.arret, self.resultats),
                daemon=True,
            )
            processus.start()
            self.processus.append(processus)

    def stop(self):
        self.arret.set()
        for _ in self.processus:
            faites, erreurs, duree = self.resultats.get(timeout=120)
            self.faites += faites
            self.erreurs += erreurs
            self.duree = max(self.duree, duree)
        for processus in self.processus:
            processus.join()

    @property
    def debit_fait(self):
        """Writes a second really made (the machine may hold the writers under the rate)."""
        return self.faites / self.duree if self.duree else 0.0


# --- main ---------------------------------------------------------------------------------


def retenue(nom, options):
    """Whether the page `nom` is measured (--pages)."""
    mots = [mot.strip() for mot in options.pages.split(",") if mot.strip()]
    return not mots or any(mot in nom for mot in mots)


def charge_moyenne():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lieux", type=int, default=33)
    parser.add_argument("--ecritures", default="0,1,5,20", help="écritures par seconde")
    parser.add_argument("--noeuds", type=int, choices=(1, 2), default=1)
    parser.add_argument(
        "--ecrivains", type=int, default=4, help="processus d'écriture (chacun sa connexion)"
    )
    parser.add_argument("--duree", type=int, default=5, help="secondes par mesure")
    parser.add_argument("--connexions", type=int, default=16)
    parser.add_argument("--redis", action="store_true", help="CACHE_URL vient du script")
    parser.add_argument(
        "--pages",
        default="",
        help="only the pages whose name contains one of these words (comma-separated): "
        "--pages semaine,jour,tableau for the logged-in pages but the statistics",
    )
    options = parser.parse_args()
    debits = [int(d) for d in options.ecritures.split(",")]
    # The writes' text messages go to the console backend, which logs each one.
    logging.getLogger("ruche.sms").setLevel(logging.ERROR)

    nom_base = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "charge" not in nom_base:
        sys.exit("Il faut une base PostgreSQL vide dont le nom contient « charge ».")
    from django.test.utils import setup_test_environment

    setup_test_environment()
    personnelles = [p for p in preparer(1) if p[1] == "personnel"]
    if options.lieux > 1:
        ajouter_lieux(options.lieux)
    publiques = pages_publiques()
    par_compte = clients()
    for _nom, _kind, url, compte in personnelles:
        for _ in range(2):  # the CSRF cookie the cached parts are keyed by
            par_compte[compte].get(url)
    cookies = {
        compte: "; ".join(
            f"{nom}={client.cookies[nom].value}"
            for nom in ("sessionid", "csrftoken")
            if nom in client.cookies
        )
        for compte, client in par_compte.items()
        if compte
    }
    connection.close()

    journal = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
        prefix="ruche-gunicorn-", suffix=".log", delete=False
    )
    ports = [port_libre() for _ in range(options.noeuds)]
    processus = [demarrer_gunicorn(port, journal, workers=2 // options.noeuds) for port in ports]
    lignes = {}
    faits = {}
    try:
        for debit in debits:
            ecrivain = Ecrivains(debit, options.ecrivains) if debit else None
            if ecrivain:
                ecrivain.start()
            mesures = [(n, "public", c, None) for n, c in publiques.items() if c]
            mesures += [(n, "personnel", [u], compte) for n, _k, u, compte in personnelles]
            mesures = [m for m in mesures if retenue(m[0], options)]
            for nom, kind, chemins, compte in mesures:
                # A logged-in page too: its parts are kept per language and person.
                chauffer(ports, chemins, cookies.get(compte))
                charge = charge_moyenne()
                plafond = mesurer(ports, [PLAFOND], None, options.duree, options.connexions)
                for port in ports:
                    vider(port)
                mesure = mesurer(
                    ports, chemins, cookies.get(compte), options.duree, options.connexions
                )
                for port in ports:
                    vider(port)
                lignes.setdefault((nom, kind, len(chemins)), {})[debit] = (mesure, plafond, charge)
                print(
                    f"  {debit:>2} écr./s {nom:<20} {mesure[0]:7.1f} req/s, plafond "
                    f"{plafond[0]:7.1f}, p99 {mesure[1]:6.1f} ms, charge {charge:.1f}",
                    file=sys.stderr,
                )
            if ecrivain:
                ecrivain.stop()
                faits[debit] = ecrivain.debit_fait
                print(
                    f"  {ecrivain.faites} écritures à {debit}/s demandées, "
                    f"{ecrivain.debit_fait:.1f}/s faites, "
                    f"{ecrivain.erreurs} refusées",
                    file=sys.stderr,
                )
    finally:
        for p in processus:
            arreter(p)
        journal.close()
    rendre_journal(journal)
    imprimer(lignes, debits, options, faits)


def imprimer(lignes, debits, options, faits):
    cache = (
        "Redis partagé"
        if os.environ.get("CACHE_URL", "").startswith("redis")
        else ("mémoire de chaque processus")
    )
    noeuds = (
        "1 nœud (gunicorn 2 workers)"
        if options.noeuds == 1
        else ("2 nœuds (2 gunicorn de 1 worker)")
    )
    print(
        f"\n{options.lieux} lieux, {noeuds}, cache : {cache}, wrk {options.connexions} "
        f"connexions, {options.duree} s par mesure, pages publiques de tous les lieux en "
        f"fr/en/ar. Part du plafond (p99 ms) par débit d'écritures ; charge = load average "
        f"de la machine (1 min) au début de la mesure.\n"
    )
    entete = " | ".join(
        f"{d} écr./s" + (f" ({faits[d]:.1f} faites)" if d in faits else "") for d in debits
    )
    print(f"| page (adresses) | {entete} | cible |")
    print("|---|" + "---:|" * len(debits) + "---|")
    for (nom, kind, nombre), par_debit in lignes.items():
        cellules = []
        atteint = True
        for debit in debits:
            (rps, p99, echecs), (plafond, _p, _e), charge = par_debit[debit]
            part = rps / plafond if plafond else 0
            if debit == max(debits):
                atteint = part >= CIBLES[kind] and p99 < P99_MAX_MS
            cellules.append(
                f"{part:.0%} ({p99:.0f} ms, charge {charge:.1f})"
                + (f" {echecs} ÉCHECS" if echecs else "")
            )
        cible = f"≥ {CIBLES[kind]:.0%}, p99 < {P99_MAX_MS} ms : {'oui' if atteint else 'NON'}"
        print(f"| {nom} ({nombre}) | " + " | ".join(cellules) + f" | {cible} |")
    plafonds = [v[1][0] for par_debit in lignes.values() for v in par_debit.values()]
    print(f"| plafond (/plafond/) | médiane {statistics.median(plafonds):.0f} req/s | | |")


if __name__ == "__main__":
    main()
