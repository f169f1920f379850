"""Storm tests on PostgreSQL: one client hammering the booking form through gunicorn with
several workers gets no more than the caps, and every post is counted exactly once.

Loopback only, bounded in count (60 posts) and time (each request times out). The figures
are printed (run with -s to see them)."""

import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import RendezVous
from ruche.limites import compter
from ruche.models import Compteur
from tests.permanences.factories import DemarcheFactory, occurrence_pour

pytestmark = [pytest.mark.tempete, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
POSTS = 60
LIMITE_POSTS = 20
PLAFOND_ADRESSE = 5
DELAI = 60


@pytest.fixture(autouse=True)
def _postgresql_seulement():
    if connection.vendor != "postgresql":
        pytest.skip("la tempête se joue sur PostgreSQL")


def test_sixty_concurrent_counts_are_exactly_sixty():
    """Sixty threads, each with its own database connection, count at the same instant."""
    depart = threading.Barrier(POSTS, timeout=DELAI)

    def un():
        try:
            depart.wait()
            return compter("tempete:compteur", secondes=3600)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        valeurs = sorted(pool.map(lambda _i: un(), range(POSTS)))
    assert valeurs == list(range(1, POSTS + 1))
    assert Compteur.objects.get(cle="tempete:compteur").nombre == POSTS


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url_base_de_donnees():
    d = connection.settings_dict
    auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _gunicorn(workers, port):
    env = {
        **os.environ,
        "ENV_FILE": "/dev/null",
        "DATABASE_URL": _url_base_de_donnees(),
        "SECRET_KEY": "tempete-seulement-0123456789-0123456789-0123456789",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_URL": "consolemail://",
        "SMS_BACKEND": "ruche.sms.MemoryBackend",
        "FORMULAIRE_DUREE_MIN_SECONDES": "0",
        "LIMITE_FORMULAIRES": str(LIMITE_POSTS),
        "LIMITE_RESERVATIONS_PAR_ADRESSE": str(PLAFOND_ADRESSE),
        "LIMITE_RESERVATIONS_PAR_CONTACT": "1000",
        "BEHIND_PROXY": "false",
        "LOG_LEVEL": "ERROR",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ruche.wsgi:application", "--preload"]
        + ["-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", str(DELAI)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fin = time.monotonic() + DELAI
    while time.monotonic() < fin:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    pytest.fail("gunicorn n'a pas démarré")


def _requete(port, methode, chemin, corps=None, cookie=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=DELAI)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if corps is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(methode, chemin, body=corps, headers=headers)
        reponse = conn.getresponse()
        return reponse.status, reponse.getheader("Set-Cookie") or "", reponse.read().decode()
    finally:
        conn.close()


def _formulaire(port, chemin):
    """What a robot reads from the form page: the CSRF cookie and token, the fill token."""
    statut, set_cookie, page = _requete(port, "GET", chemin)
    assert statut == 200
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    jeton = re.search(r'name="jeton" value="([^"]+)"', page).group(1)
    return f"csrftoken={cookie}", csrf, jeton


@pytest.mark.parametrize("workers", [2, 4])
def test_one_client_storming_the_booking_form_gets_no_more_than_the_caps(workers):
    demarche = DemarcheFactory(slug="titre-de-sejour", duree_minutes=45)
    valeurs = []
    for jour in range(5):  # five sessions of twelve slots: sixty free slots
        occurrence = occurrence_pour(
            demarche,
            jour=timezone.localdate() + dt.timedelta(days=7 + jour),
            debut=dt.time(9),
            fin=dt.time(18),
        )
        for rang in range(12):
            debut = occurrence.debut + dt.timedelta(minutes=45 * rang)
            valeurs.append(Creneau(debut, debut, occurrence.pk).valeur)
    assert len(valeurs) == POSTS
    chemin = "/rendez-vous/titre-de-sejour/reserver/"
    port = _port_libre()
    proc = _gunicorn(workers, port)
    try:
        # The robot first reads sixty forms, then posts them all at once, each for another
        # slot and under another name and phone, so only the caps can stop it.
        formulaires = [_formulaire(port, f"{chemin}?creneau={v}") for v in valeurs]
        depart = threading.Barrier(POSTS, timeout=DELAI)

        def poster(n):
            cookie, csrf, jeton = formulaires[n]
            corps = urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "creneau": valeurs[n],
                    "nom": f"Robot {n}",
                    "telephone": f"06{n:08d}",
                    "accepte": "on",
                    "jeton": jeton,
                }
            )
            depart.wait()
            statut, _cookie, page = _requete(port, "POST", chemin, corps, cookie)
            if statut == 429 and "Trop d'envois" in page:
                return "limite des envois"
            if statut == 429:
                return "plafond de réservations"
            return statut

        debut = time.monotonic()
        with ThreadPoolExecutor(max_workers=POSTS) as pool:
            resultats = list(pool.map(poster, range(POSTS)))
        duree = time.monotonic() - debut
    finally:
        proc.terminate()
        proc.wait(timeout=DELAI)

    bilan = {r: resultats.count(r) for r in set(resultats)}
    print(
        f"\nTEMPÊTE gunicorn {workers} workers : {POSTS} envois simultanés en {duree:.2f} s, "
        f"{bilan}, rendez-vous pris : {RendezVous.objects.count()}"
    )
    assert 500 not in resultats
    assert RendezVous.objects.count() == PLAFOND_ADRESSE
    assert bilan == {
        302: PLAFOND_ADRESSE,
        "plafond de réservations": LIMITE_POSTS - PLAFOND_ADRESSE,
        "limite des envois": POSTS - LIMITE_POSTS,
    }
    # Every post was counted once, across the workers; the refused bookings gave their
    # place back, so the day's count is the bookings made.
    assert Compteur.objects.get(cle="public:127.0.0.1").nombre == POSTS
    assert Compteur.objects.get(cle="reservation:ip:127.0.0.1").nombre == PLAFOND_ADRESSE
