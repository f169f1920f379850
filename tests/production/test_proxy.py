"""Behind the proxy, X-Forwarded-For is read only from the proxy. A client that reaches
gunicorn itself (here from 127.0.0.9, not one of PROXY_ADRESSES) and writes a new address in
the header at each request is counted under its own: the daily booking cap and the login
lockout hold. Through the proxy (the loopback, or gunicorn's Unix socket as the shipped units
bind it) each forwarded client is counted apart, as before; past the ceiling of failures for
one account across addresses, a code mailed to it is needed as well."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from tests.production.conftest import base_neuve
from tests.production.outils import (
    BoiteSmtp,
    Navigateur,
    attendre,
    attendre_gunicorn,
    environnement,
    formulaires,
    gunicorn,
    manage,
    port_libre,
    reserver_en_ligne,
)

HOTE = "ruche.exemple.fr"
# Not the proxy: gunicorn reached from another address than the loopback's 127.0.0.1.
AILLEURS = "127.0.0.9"
PLAFOND = 3


@pytest.fixture(scope="module")
def serveur(tmp_path_factory):
    """gunicorn on a TCP port and on a Unix socket, on a database with the demo data."""
    dossier = tmp_path_factory.mktemp("proxy")
    # A short path: a Unix socket's name holds at most 107 bytes.
    socket_unix = Path(tempfile.mkdtemp(prefix="ruche-")) / "web.sock"
    bases = base_neuve(os.environ.get("RUCHE_TEST_MODELE"))
    base = next(bases)
    boite = BoiteSmtp().__enter__()
    env = environnement(
        database_url=base,
        ALLOWED_HOSTS=HOTE,
        CSRF_TRUSTED_ORIGINS=f"https://{HOTE}",
        HTTPS="true",
        BEHIND_PROXY="true",
        SITE_URL=f"https://{HOTE}",
        MEDIA_ROOT=dossier / "media",
        EMAIL_URL=f"smtp://127.0.0.1:{boite.port}",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        FORMULAIRE_DUREE_MIN_SECONDES=0,
        LIMITE_RESERVATIONS_PAR_ADRESSE=PLAFOND,
    )
    manage("migrate", "--noinput", env=env)
    manage("demo", "--force", env=env)
    port = port_libre()
    web = gunicorn(
        env=env,
        journal=dossier / "gunicorn.log",
        adresses=[f"127.0.0.1:{port}", f"unix:{socket_unix}"],
    )
    try:
        attendre_gunicorn(web, Navigateur(port, hote=HOTE, adresse_client="127.0.0.1"))
        yield port, socket_unix, boite
    except BaseException:
        print(web.sortie()[-5000:])
        raise
    finally:
        web.arreter()
        boite.__exit__()
        next(bases, None)
        socket_unix.unlink(missing_ok=True)
        socket_unix.parent.rmdir()


def connexion(navigateur, identifiant, mot_de_passe):
    champs = formulaires(navigateur.get("/connexion/").texte)[-1]["champs"]
    return navigateur.requete(
        "POST", "/connexion/", {**champs, "username": identifiant, "password": mot_de_passe}
    )


def test_rotating_the_header_from_elsewhere_does_not_pass_the_booking_cap(serveur):
    port, _socket, _boite = serveur
    client = Navigateur(port, hote=HOTE, adresse_client="198.51.100.1", source=AILLEURS)
    statuts = []
    for n in range(PLAFOND + 2):
        client.adresse_client = f"198.51.100.{n + 1}"
        reponse, _occurrence = reserver_en_ligne(
            client, nom=f"Personne {n}", email=f"personne{n}@exemple.fr"
        )
        statuts.append(reponse.status)
    assert statuts == [200] * PLAFOND + [429, 429]


def test_rotating_the_header_from_elsewhere_does_not_pass_the_login_lockout(serveur):
    port, _socket, _boite = serveur
    client = Navigateur(port, hote=HOTE, adresse_client="203.0.113.1", source=AILLEURS)
    statuts = []
    for n in range(5):
        client.adresse_client = f"203.0.113.{n + 1}"
        statuts.append(connexion(client, "comite", "pas-le-bon").status)
    client.adresse_client = "203.0.113.99"
    statuts.append(connexion(client, "comite", "comite-suivi-2026").status)
    # The fifth failure locks the account for this address (axes), the right password too.
    assert statuts == [200] * 4 + [429, 429]


def test_through_the_unix_socket_each_forwarded_client_is_counted_apart(serveur):
    """The shipped units: nginx speaks to gunicorn over its socket, which only nginx may
    open; the address it forwards is the one counted."""
    _port, socket_unix, _boite = serveur
    proxy = Navigateur(None, hote=HOTE, adresse_client="192.0.2.10", socket_unix=socket_unix)
    statuts = [connexion(proxy, "conseiller", "pas-le-bon").status for _ in range(5)]
    # The fifth failure locks this client out (AXES_FAILURE_LIMIT).
    assert statuts == [200] * 4 + [429]
    # Another resident behind the same proxy is not locked out by the first one.
    proxy.adresse_client = "192.0.2.11"
    assert connexion(proxy, "conseiller", "avaq-conseiller-2026").status == 302


def test_guesses_from_many_forwarded_addresses_meet_the_code_not_the_account(serveur):
    """Axes locks an account for one address after five failures: ten addresses gave fifty
    guesses an hour. Past the ceiling (ten), the password alone opens nothing, and the real
    person gets in with the code mailed to the account."""
    port, _socket, boite = serveur
    attaquant = Navigateur(port, hote=HOTE, adresse_client="203.0.113.1")
    for n in range(10):
        attaquant.adresse_client = f"203.0.113.{n + 1}"
        assert connexion(attaquant, "presidente", "devine-encore").status == 200
    attaquant.adresse_client = "203.0.113.50"
    devine = connexion(attaquant, "presidente", "avaq-presidente-2026")
    assert (devine.status, devine.headers["Location"]) == (302, "/connexion/code/")
    assert attaquant.requete("GET", "/espace/").headers["Location"].startswith("/connexion/")

    vraie = Navigateur(port, hote=HOTE, adresse_client="198.51.100.20")
    reponse = connexion(vraie, "presidente", "avaq-presidente-2026")
    assert reponse.headers["Location"] == "/connexion/code/"
    recus = attendre(
        lambda: (
            len(boite.pour("presidente@demo.ruche.local")) == 2
            and boite.pour("presidente@demo.ruche.local")
        ),
        quoi="les codes",
    )
    code = re.search(r"\b(\d{6})\b", recus[-1].get_body(("plain",)).get_content()).group(1)
    champs = formulaires(vraie.get("/connexion/code/").texte)[-1]["champs"]
    entree = vraie.requete("POST", "/connexion/code/", {**champs, "code": code})
    assert (entree.status, entree.headers["Location"]) == (302, "/espace/")
    assert vraie.requete("GET", "/espace/").status == 200
