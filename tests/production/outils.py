"""Helpers of the production tests: free loopback ports, an SMTP sink, the environment of the
processes (gunicorn, db_worker, manage.py) and a small HTTP client speaking as the proxy."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from http import client as http_client
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

RACINE = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Only the loopback interface: nothing the tests start listens elsewhere.
HOTE_LOCAL = "127.0.0.1"


def port_libre():
    with socket.socket() as s:
        s.bind((HOTE_LOCAL, 0))
        return s.getsockname()[1]


def attendre(condition, *, delai=120, pas=0.2, quoi="la condition"):
    """Polls until condition() is true (a readiness wait, not a timing assertion)."""
    fin = time.monotonic() + delai
    while True:
        valeur = condition()
        if valeur:
            return valeur
        if time.monotonic() > fin:
            raise AssertionError(f"Toujours pas après {delai} s : {quoi}")
        time.sleep(pas)


class BoiteSmtp:
    """An SMTP server on 127.0.0.1 (aiosmtpd) keeping every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self._verrou = threading.Lock()
        self.port = port_libre()
        self._controleur = Controller(self, hostname=HOTE_LOCAL, port=self.port)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._verrou:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def pour(self, adresse):
        with self._verrou:
            return [m for destinataires, m in self.messages if adresse in destinataires]

    def __enter__(self):
        self._controleur.start()
        return self

    def __exit__(self, *exc):
        self._controleur.stop()


class ServeurMuet:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word."""

    def __init__(self):
        self.ecoute = socket.create_server(("127.0.0.1", 0))
        self.port = self.ecoute.getsockname()[1]
        self.connecte = threading.Event()
        self.clients = []
        threading.Thread(target=self._accepter, daemon=True).start()

    def _accepter(self):
        while True:
            try:
                client, _adresse = self.ecoute.accept()
            except OSError:
                return
            self.clients.append(client)
            self.connecte.set()

    def fermer(self):
        self.ecoute.close()
        for client in self.clients:
            client.close()


def environnement(*, database_url, **variables):
    """The environment of a production process: no .env, DEBUG off, the database queue,
    WhiteNoise's manifest storage over the STATIC_ROOT collected by the suite."""
    from django.conf import settings

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_", "STATICFILES_"))
    }
    env.update(
        ENV_FILE="/dev/null",
        DEBUG="false",
        SECRET_KEY="production-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(settings.STATIC_ROOT),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in variables.items()})
    return env


def url_base(connexion_django, nom=None):
    """postgres:// address of the database Django uses (or of another on the same server)."""
    reglages = connexion_django.settings_dict
    utilisateur = reglages["USER"] or "postgres"
    mot_de_passe = f":{reglages['PASSWORD']}" if reglages["PASSWORD"] else ""
    hote = reglages["HOST"] or HOTE_LOCAL
    port = reglages["PORT"] or 5432
    return f"postgres://{utilisateur}{mot_de_passe}@{hote}:{port}/{nom or reglages['NAME']}"


def manage(*args, env, timeout=600):
    """Runs `manage.py ARGS` in a subprocess; fails with its output on an error."""
    resultat = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert resultat.returncode == 0, (
        f"manage.py {' '.join(args)} :\n{resultat.stdout}\n{resultat.stderr}"
    )
    return resultat.stdout


class Processus:
    """A long-running process (gunicorn, db_worker), its output kept in a file, stopped by
    its id at the end."""

    def __init__(self, commande, *, env, journal):
        self.journal = Path(journal)
        self._fichier = self.journal.open("wb")
        self.popen = subprocess.Popen(
            commande, cwd=RACINE, env=env, stdout=self._fichier, stderr=subprocess.STDOUT
        )

    def vivant(self):
        return self.popen.poll() is None

    def sortie(self):
        if not self._fichier.closed:
            self._fichier.flush()
        return self.journal.read_text(errors="replace")

    def arreter(self):
        if self.vivant():
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._fichier.close()


class _ConnexionUnix(http_client.HTTPConnection):
    """HTTP over a Unix socket, as nginx speaks to gunicorn's."""

    def __init__(self, chemin):
        super().__init__("localhost", timeout=300)
        self.chemin = chemin

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.chemin))


class Reponse:
    def __init__(self, status, headers, contenu):
        self.status = status
        self.headers = headers
        self.contenu = contenu

    @property
    def texte(self):
        return self.contenu.decode("utf-8", errors="replace")


class Navigateur:
    """Requests to gunicorn as the reverse proxy would send them: the public host name,
    X-Forwarded-Proto https and X-Forwarded-For; cookies kept (Secure ones too)."""

    def __init__(self, port, *, hote, adresse_client, source=None, socket_unix=None):
        self.port = port
        self.hote = hote
        self.adresse_client = adresse_client
        # The address the connection comes from (any of 127.0.0.0/8), or gunicorn's socket.
        self.source = source
        self.socket_unix = socket_unix
        self.cookies = {}

    def _connexion(self):
        if self.socket_unix:
            return _ConnexionUnix(self.socket_unix)
        source = (self.source, 0) if self.source else None
        return http_client.HTTPConnection(HOTE_LOCAL, self.port, timeout=300, source_address=source)

    def requete(self, methode, chemin, donnees=None):
        entetes = {
            "Host": self.hote,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.adresse_client,
            "Accept-Language": "fr",
        }
        if self.cookies:
            entetes["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        corps = None
        if donnees is not None:
            corps = urlencode(donnees, doseq=True)
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
            entetes["Origin"] = f"https://{self.hote}"
            entetes["Referer"] = f"https://{self.hote}{chemin}"
        connexion = self._connexion()
        try:
            connexion.request(methode, chemin, body=corps, headers=entetes)
            brute = connexion.getresponse()
            reponse = Reponse(brute.status, brute.headers, brute.read())
        finally:
            connexion.close()
        for valeur in reponse.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(valeur)
            for nom, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(nom, None)
                else:
                    self.cookies[nom] = morsel.value
        return reponse

    def get(self, chemin):
        return self._suivre(self.requete("GET", chemin))

    def post(self, chemin, donnees):
        return self._suivre(self.requete("POST", chemin, donnees))

    def _suivre(self, reponse, sauts=5):
        while reponse.status in (301, 302, 303) and sauts:
            cible = urlsplit(reponse.headers["Location"])
            assert cible.netloc in ("", self.hote), reponse.headers["Location"]
            chemin = cible.path + (f"?{cible.query}" if cible.query else "")
            reponse = self.requete("GET", chemin)
            sauts -= 1
        return reponse


class _Formulaires(HTMLParser):
    def __init__(self):
        super().__init__()
        self.formulaires = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.formulaires.append(
                {
                    "action": attrs.get("action") or "",
                    "methode": attrs.get("method", "get"),
                    "champs": {},
                }
            )
        elif tag in ("input", "textarea", "select") and self.formulaires and attrs.get("name"):
            genre = attrs.get("type", "text")
            if genre in ("checkbox", "radio") and "checked" not in attrs:
                return
            if genre in ("submit", "button"):
                return
            self.formulaires[-1]["champs"][attrs["name"]] = attrs.get("value", "")


def formulaires(html):
    """The forms of a page: action, method and the values they would post as shown."""
    lecteur = _Formulaires()
    lecteur.feed(html)
    return lecteur.formulaires


def liens(html, motif):
    """The href values of a page matching the regular expression, in order, unescaped."""
    trouves = re.findall(r'href="([^"]+)"', html)
    return [lien.replace("&amp;", "&") for lien in trouves if re.search(motif, lien)]


def dossier_postgresql():
    """The bin folder of the newest PostgreSQL server installed (the one holding initdb), as
    scripts/lib.sh finds it; None when there is none."""
    serveurs = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda chemin: int(chemin.parts[-3]) if chemin.parts[-3].isdigit() else 0,
    )
    return serveurs[-1].parent if serveurs else None


class PostgresJetable:
    """A PostgreSQL server of the test's own (its folder, its port on the loopback), which the
    test may stop and start again under the processes using it; removed at the end."""

    def __init__(self):
        self.bin = dossier_postgresql()
        # Under /tmp itself: pytest's own folders are closed to the postgres user.
        self.dossier = Path(tempfile.mkdtemp(prefix="ruche-pg-panne-"))
        self.port = port_libre()
        self.en_tant_que = []
        if os.geteuid() == 0:
            shutil.chown(self.dossier, "postgres")
            self.en_tant_que = ["runuser", "-u", "postgres", "--"]

    def _pg(self, programme, *args):
        subprocess.run(
            [*self.en_tant_que, str(self.bin / programme), *args],
            check=True,
            capture_output=True,
            timeout=300,
        )

    def url(self, nom="postgres"):
        return f"postgres://postgres@{HOTE_LOCAL}:{self.port}/{nom}"

    def creer(self):
        self._pg("initdb", "-D", f"{self.dossier}/data", "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.demarrer()

    def demarrer(self):
        options = (
            f"-p {self.port} -k {self.dossier} -c listen_addresses={HOTE_LOCAL} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg("pg_ctl", "-D", f"{self.dossier}/data", "-l", f"{self.dossier}/log", "-w",
                 "start", "-o", options)  # fmt: skip

    def arreter(self):
        """Stops the server as `systemctl stop postgresql` does (fast: open sessions ended)."""
        self._pg("pg_ctl", "-D", f"{self.dossier}/data", "-m", "fast", "-w", "stop")

    def creer_base(self, nom, *, copie_de=None):
        """Creates database `nom` here, empty or with the schema and rows of another server's
        database (`copie_de`, its address)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as cnx:
            cnx.execute(f'CREATE DATABASE "{nom}"')
        if copie_de is None:
            return self.url(nom)
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", copie_de],
            check=True,
            capture_output=True,
            timeout=300,
        ).stdout
        subprocess.run(
            [str(self.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(nom)],
            input=dump,
            check=True,
            capture_output=True,
            timeout=300,
        )
        return self.url(nom)

    def supprimer(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._pg("pg_ctl", "-D", f"{self.dossier}/data", "-m", "immediate", "stop")
        shutil.rmtree(self.dossier, ignore_errors=True)


def reserver_en_ligne(navigateur, *, nom, email):
    """A resident's booking as the browser makes it: the first free hour of the first
    démarche that has one, the form posted as shown. Returns the answer and the session's
    number.

    In a rush of bookings the list of free hours may be a few seconds late
    (permanences/views/contenus.py): an hour taken a moment ago opens the page that says so
    with the next free hours, and the resident picks the first of those, as a person would."""
    demarches = liens(navigateur.get("/rendez-vous/").texte, r"^/rendez-vous/[\w-]+/$")
    creneau = next(
        trouves[0]
        for demarche in demarches
        if (trouves := liens(navigateur.get(demarche).texte, r"/reserver/\?creneau="))
    )
    for _essai in range(10):
        page = navigateur.get(creneau).texte
        formulaire = next((f for f in formulaires(page) if "/reserver/" in f["action"]), None)
        if formulaire is not None:
            break
        creneau = liens(page, r"/reserver/\?creneau=")[0]  # taken: the next free hour
    occurrence = re.search(r"creneau=(\d+)-", creneau).group(1)
    donnees = {**formulaire["champs"], "nom": nom, "email": email, "telephone": "", "accepte": "on"}
    return navigateur.post(formulaire["action"], donnees), occurrence


def gunicorn(*, env, journal, adresses, workers=2):
    """gunicorn serving the app as the shipped unit does, on each `adresses` (host:port, or
    unix:PATH as behind nginx)."""
    liaisons = [option for adresse in adresses for option in ("--bind", adresse)]
    return Processus(
        [PYTHON, "-m", "gunicorn", "ruche.wsgi", "--workers", str(workers), *liaisons,
         "--timeout", "300", "--no-control-socket"],
        env=env,
        journal=journal,
    )  # fmt: skip


def attendre_gunicorn(web, navigateur):
    def accueil_pret():
        assert web.vivant(), web.sortie()
        try:
            return navigateur.get("/").status == 200
        except OSError:
            return False

    attendre(accueil_pret, quoi="gunicorn répond")


class RedisJetable:
    """A throwaway Redis server (Debian's redis-server, installed by scripts/test.sh) on a
    Unix socket of its own, nothing written to disk; stopped and removed at the end."""

    def __init__(self):
        self.binaire = shutil.which("redis-server")
        assert self.binaire, "redis-server manque : scripts/test.sh l'installe (apt)."
        self.dossier = Path(tempfile.mkdtemp(prefix="ruche-redis-"))
        self.socket = self.dossier / "redis.sock"
        self.processus = None

    @property
    def url(self):
        return f"rediscache://{self.socket}"

    def demarrer(self):
        self.processus = subprocess.Popen(
            [
                self.binaire,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dossier),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        attendre(self.repond, delai=30, pas=0.05, quoi="redis-server")
        return self

    def repond(self):
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(1)
                s.connect(str(self.socket))
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def arreter(self):
        if self.processus is not None and self.processus.poll() is None:
            self.processus.terminate()
            self.processus.wait(timeout=30)

    def supprimer(self):
        self.arreter()
        shutil.rmtree(self.dossier, ignore_errors=True)

    def __enter__(self):
        return self.demarrer()

    def __exit__(self, *exc):
        self.supprimer()
