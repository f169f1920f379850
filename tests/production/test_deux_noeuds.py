"""Two app nodes behind Debian's nginx, as a network runs when one machine is not enough:
each node a gunicorn process on its own port with its own task worker (`db_worker`), both
sharing one PostgreSQL and one Redis (CACHE_URL), mail to an SMTP server of the test.

- A booking made through node A is gone from node B's free slots at once (B's own tier and
  the shared cache are keyed by the version the booking changed).
- A convention ended on node A empties node B's public pages of that partner.
- In a storm of bookings through nginx, node A (web and worker) is killed: no booking
  confirmed to a resident is lost, no slot is given twice, every booking's confirmation
  arrives once, and each task ran to its end once across the two workers.

Bounded: 32 slots, 48 residents, 6 at a time; the figures are printed and recorded."""

import contextlib
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.production.outils import (
    PYTHON,
    BoiteSmtp,
    Navigateur,
    Processus,
    RedisJetable,
    attendre,
    environnement,
    formulaires,
    liens,
    manage,
    port_libre,
)

HOTE = "ruche.exemple.fr"
SEANCES = 8  # four 45-minute slots each: 32 slots
HABITANTS = 48
EN_MEME_TEMPS = 6
MOT_DE_PASSE = "deux-noeuds-agent-2026"

DONNEES = f"""
import datetime
from django.utils import timezone
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import DemarcheFactory, occurrence_pour
from tests.ruche.factories import PersonnelFactory

tempete = OrganisationFactory(nom="Association de la tempête", sigle="TEMPETE")
fin = OrganisationFactory(nom="Association qui s'arrête", sigle="FIN")
titre = DemarcheFactory(slug="titre-de-sejour", nom="Renouvellement de titre de séjour")
retraite = DemarcheFactory(slug="retraite", nom="Mes droits à la retraite")
jour = timezone.localdate() + datetime.timedelta(days=7)
for n in range({SEANCES}):
    occurrence_pour(titre, jour=jour + datetime.timedelta(days=n), organisation=tempete)
occurrence_pour(
    retraite, jour=jour, organisation=fin, debut=datetime.time(14), fin=datetime.time(17)
)
PersonnelFactory(username="agent", password="{MOT_DE_PASSE}")
print(fin.conventions.get().convention_id)
"""

NGINX = """
worker_processes 1;
{utilisateur}
pid {dossier}/nginx.pid;
error_log {dossier}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dossier}/corps;
    proxy_temp_path {dossier}/proxy;
    fastcgi_temp_path {dossier}/fastcgi;
    uwsgi_temp_path {dossier}/uwsgi;
    scgi_temp_path {dossier}/scgi;
    upstream ruche_noeuds {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://ruche_noeuds;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_read_timeout 120s;
            proxy_redirect off;
        }}
    }}
}}
"""


def nginx_demarre(dossier, port, port_a, port_b):
    dossier.mkdir()
    utilisateur = "user root root;" if os.geteuid() == 0 else ""
    conf = dossier / "nginx.conf"
    conf.write_text(
        NGINX.format(
            dossier=dossier, utilisateur=utilisateur, port=port, port_a=port_a, port_b=port_b
        )
    )
    return Processus(
        ["/usr/sbin/nginx", "-e", "stderr", "-p", str(dossier), "-c", str(conf), "-g",
         "daemon off;"],
        env=dict(os.environ),
        journal=dossier / "sortie.log",
    )  # fmt: skip


def gunicorn(port, env, journal):
    return Processus(
        [
            PYTHON, "-m", "gunicorn", "ruche.wsgi",
            "--workers", "1",
            "--bind", f"127.0.0.1:{port}",
            "--timeout", "300",
            "--no-control-socket",
        ],
        env=env,
        journal=journal,
    )  # fmt: skip


def worker(env, journal):
    return Processus(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.3"],
        env=env,
        journal=journal,
    )


def tuer(processus):
    """SIGKILL to the process and its children (gunicorn's worker), as a machine that goes
    down: nothing is finished cleanly."""
    enfants = subprocess.run(
        ["pgrep", "-P", str(processus.popen.pid)], capture_output=True, text=True
    ).stdout.split()
    for pid in [processus.popen.pid, *map(int, enfants)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    processus.popen.wait()


def creneaux(navigateur, demarche):
    return liens(navigateur.get(f"/rendez-vous/{demarche}/").texte, r"/reserver/\?creneau=")


def reserver(navigateur, lien, nom, courriel):
    page = navigateur.get(lien)
    if page.status != 200:
        return page.status, ""
    formulaire = next((f for f in formulaires(page.texte) if "/reserver/" in f["action"]), None)
    if formulaire is None:  # taken since the list was shown: the page offers other times
        return 409, page.texte
    donnees = {
        **formulaire["champs"],
        "nom": nom,
        "email": courriel,
        "telephone": "",
        "accepte": "on",
    }
    reponse = navigateur.post(formulaire["action"], donnees)
    return reponse.status, reponse.texte


def confirme(texte):
    return "C'est réservé" in texte or "C&#x27;est réservé" in texte


def requete(database_url, sql, *params):
    with psycopg.connect(database_url) as cnx:
        return cnx.execute(sql, params).fetchall()


@pytest.mark.lent
@pytest.mark.skipif(not os.path.exists("/usr/sbin/nginx"), reason="nginx manque (apt)")
def test_two_nodes_share_the_truth_and_lose_nothing_when_one_dies(
    base_a_migrer, tmp_path, record_property
):
    port, port_a, port_b = port_libre(), port_libre(), port_libre()
    with BoiteSmtp() as boite, RedisJetable() as redis_serveur:
        env = environnement(
            database_url=base_a_migrer,
            ALLOWED_HOSTS=HOTE,
            CSRF_TRUSTED_ORIGINS=f"https://{HOTE}",
            HTTPS="true",
            BEHIND_PROXY="true",
            SITE_URL=f"https://{HOTE}",
            EMAIL_URL=f"smtp://127.0.0.1:{boite.port}",
            CACHE_URL=redis_serveur.url,
            MEDIA_ROOT=tmp_path / "media",
            SMS_BACKEND="ruche.sms.ConsoleBackend",
            FORMULAIRE_DUREE_MIN_SECONDES=0,
            LIMITE_FORMULAIRES=100000,
            LIMITE_RESERVATIONS_PAR_ADRESSE=100000,
        )
        manage("migrate", "--noinput", env=env)
        convention = int(manage("shell", "-c", DONNEES, env=env).split()[-1])
        noeuds = {
            "A": (gunicorn(port_a, env, tmp_path / "a.log"), worker(env, tmp_path / "wa.log")),
            "B": (gunicorn(port_b, env, tmp_path / "b.log"), worker(env, tmp_path / "wb.log")),
        }
        proxy = nginx_demarre(tmp_path / "nginx", port, port_a, port_b)
        try:
            a = Navigateur(port_a, hote=HOTE, adresse_client="127.0.0.31")
            b = Navigateur(port_b, hote=HOTE, adresse_client="127.0.0.32")
            for nom, navigateur in (("A", a), ("B", b)):
                attendre(
                    lambda n=navigateur: _repond(n),
                    quoi=f"le nœud {nom} répond",
                )
            attendre(lambda: _repond(Navigateur(port, hote=HOTE, adresse_client="")), quoi="nginx")

            # 1. Booked through A: gone from B's free slots at once.
            libres_b = creneaux(b, "titre-de-sejour")
            assert creneaux(b, "titre-de-sejour") == libres_b  # B's cached page
            statut, texte = reserver(a, libres_b[0], "Awa Diallo", "awa@exemple.fr")
            assert statut == 200 and confirme(texte), texte[:2000]
            assert libres_b[0] not in creneaux(b, "titre-de-sejour")
            assert libres_b[1] in creneaux(b, "titre-de-sejour")

            # 2. A convention ended on A: B's public pages no longer offer that partner.
            assert creneaux(b, "retraite")
            agent = Navigateur(port_a, hote=HOTE, adresse_client="127.0.0.33")
            connexion = formulaires(agent.get("/connexion/").texte)[-1]
            agent.post(
                "/connexion/",
                {**connexion["champs"], "username": "agent", "password": MOT_DE_PASSE},
            )
            assert "sessionid" in agent.cookies
            url_fin = f"/conventions/{convention}/fin/"
            demain = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
            champs = next(
                f for f in formulaires(agent.get(url_fin).texte) if "motif" in f["champs"]
            )
            donnees = {**champs["champs"], "date": demain, "motif": "Fin d'activité"}
            agent.post(url_fin, donnees)
            reponse = agent.post(url_fin, {**donnees, "confirmer": "1"})
            assert reponse.status == 200, reponse.texte[:2000]
            assert creneaux(b, "retraite") == []

            # 2b. The agent's session, kept in A's own memory after a few pages (ruche.cache,
            # ruche.sessions), ends there too when they log out through B.
            for _ in range(3):
                assert "Se déconnecter" in agent.get("/espace/journee/").texte
            cookie = dict(agent.cookies)
            sur_b = Navigateur(port_b, hote=HOTE, adresse_client="127.0.0.33")
            sur_b.cookies = dict(cookie)
            sortie = next(
                f
                for f in formulaires(sur_b.get("/espace/journee/").texte)
                if f["action"] == "/deconnexion/"
            )
            sur_b.post("/deconnexion/", sortie["champs"])
            agent.cookies = cookie  # the old cookie, replayed on A
            assert "Se déconnecter" not in agent.get("/espace/journee/").texte

            # 3. A storm through nginx; node A dies in the middle of it.
            resultats, essais, verrou = [], [], threading.Lock()
            tue = threading.Event()

            def habitant(n):
                navigateur = Navigateur(port, hote=HOTE, adresse_client=f"127.0.1.{n}")
                for essai in range(3):
                    # One address per try: a booking whose answer was lost with node A
                    # still counts once, and its mail too.
                    courriel = f"habitant{n}-{essai}@exemple.fr"
                    try:
                        libres = creneaux(navigateur, "titre-de-sejour")
                        if not libres:
                            resultat = ("complet", courriel)
                            break
                        statut, texte = reserver(
                            navigateur, random.choice(libres), f"Habitant {n}", courriel
                        )
                    except OSError:
                        resultat = ("coupé", courriel)
                        with verrou:
                            essais.append("coupé")
                        continue
                    if statut == 200 and confirme(texte):
                        resultat = ("confirmé", courriel)
                        break
                    resultat = ("refusé" if statut == 409 else f"http {statut}", courriel)
                    with verrou:
                        essais.append(resultat[0])
                with verrou:
                    resultats.append(resultat)
                    if len(resultats) == HABITANTS // 3 and not tue.is_set():
                        tue.set()
                        for processus in noeuds["A"]:
                            tuer(processus)

            with ThreadPoolExecutor(EN_MEME_TEMPS) as pool:
                list(pool.map(habitant, range(HABITANTS)))
            assert tue.is_set()
            assert noeuds["B"][0].vivant() and noeuds["B"][1].vivant()

            attendre(lambda: _en_attente(base_a_migrer) == 0, delai=300, quoi="la file vidée par B")
            rdv = requete(
                base_a_migrer,
                "SELECT email, occurrence_id, debut FROM permanences_rendezvous "
                "WHERE statut = 'reserve' AND email LIKE 'habitant%%'",
            )
            confirmes = {c for quoi, c in resultats if quoi == "confirmé"}
            reserves = Counter(email for email, *_ in rdv)
            # No booking confirmed to a resident is lost; none made twice.
            assert confirmes <= set(reserves)
            assert max(reserves.values(), default=1) == 1
            assert len({(o, d) for _e, o, d in rdv}) == len(rdv)  # no slot given twice
            # Every booking's confirmation arrives, once.
            attendre(
                lambda: all(boite.pour(email) for email in reserves),
                delai=300,
                quoi="les confirmations",
            )
            time.sleep(2)  # a second copy would come now
            envois = Counter(email for email in reserves for _ in boite.pour(email))
            assert set(envois.values()) == {1}, envois
            # Each task ran to its end once across the two workers.
            taches = requete(
                base_a_migrer,
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult",
            )
            assert {statut for statut, _ in taches} == {"SUCCESSFUL"}
            par_travailleur = Counter(ids[-1] for _s, ids in taches if ids)
            repris = sum(1 for _s, ids in taches if len(ids) > 1)
            figures = {
                "réservations confirmées": len(confirmes),
                "réservations en base (tempête)": len(rdv),
                "refus (créneau pris, puis un autre essayé)": essais.count("refusé"),
                "habitants sans créneau (complet)": sum(1 for q, _ in resultats if q == "complet"),
                "essais coupés par la mort de A": essais.count("coupé"),
                "autres réponses": sorted(q for q in essais if q.startswith("http")),
                "courriels reçus (tempête)": sum(envois.values()),
                "tâches": len(taches),
                "tâches par travailleur": sorted(par_travailleur.values()),
                "tâches reprises après la mort de A": repris,
            }
            print(figures)
            for nom, valeur in figures.items():
                record_property(f"deux nœuds : {nom}", valeur)
        except BaseException:
            for nom, (web, travailleur) in noeuds.items():
                print(f"--- {nom}", web.sortie()[-3000:], travailleur.sortie()[-3000:], sep="\n")
            print("--- nginx", proxy.sortie()[-3000:])
            raise
        finally:
            proxy.arreter()
            for web, travailleur in noeuds.values():
                web.arreter()
                travailleur.arreter()


def _repond(navigateur):
    try:
        return navigateur.get("/").status == 200
    except OSError:
        return False


def _en_attente(database_url):
    return requete(
        database_url,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status IN ('READY', 'RUNNING')",
    )[0][0]
