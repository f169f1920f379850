"""Behind the proxy, X-Forwarded-For is read only from the proxy. A client that reaches
gunicorn itself (here from 127.0.0.9, not one of PROXY_ADRESSES) and writes a new address in
the header at each request is counted under its own: the daily booking cap and the login
lockout hold. Through the proxy (the loopback, or gunicorn's Unix socket as the shipped units
bind it) each forwarded client is counted apart, as before."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.production.conftest import base_neuve
from tests.production.outils import (
    Navigateur,
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
    env = environnement(
        database_url=base,
        ALLOWED_HOSTS=HOTE,
        CSRF_TRUSTED_ORIGINS=f"https://{HOTE}",
        HTTPS="true",
        BEHIND_PROXY="true",
        SITE_URL=f"https://{HOTE}",
        MEDIA_ROOT=dossier / "media",
        EMAIL_URL="consolemail://",
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
        yield port, socket_unix
    except BaseException:
        print(web.sortie()[-5000:])
        raise
    finally:
        web.arreter()
        next(bases, None)
        socket_unix.unlink(missing_ok=True)
        socket_unix.parent.rmdir()


def connexion(navigateur, identifiant, mot_de_passe):
    champs = formulaires(navigateur.get("/connexion/").texte)[-1]["champs"]
    return navigateur.requete(
        "POST", "/connexion/", {**champs, "username": identifiant, "password": mot_de_passe}
    )


def test_rotating_the_header_from_elsewhere_does_not_pass_the_booking_cap(serveur):
    port, _socket = serveur
    client = Navigateur(port, hote=HOTE, adresse_client="198.51.100.1", source=AILLEURS)
    statuts = []
    for n in range(PLAFOND + 2):
        client.adresse_client = f"198.51.100.{n + 1}"
        reponse, _occurrence = reserver_en_ligne(
            client, nom=f"Personne {n}", email=f"personne{n}@exemple.fr", rang=n
        )
        statuts.append(reponse.status)
    assert statuts == [200] * PLAFOND + [429, 429]


def test_rotating_the_header_from_elsewhere_does_not_pass_the_login_lockout(serveur):
    port, _socket = serveur
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
    _port, socket_unix = serveur
    proxy = Navigateur(None, hote=HOTE, adresse_client="192.0.2.10", socket_unix=socket_unix)
    statuts = [connexion(proxy, "conseiller", "pas-le-bon").status for _ in range(5)]
    # The fifth failure locks this client out (AXES_FAILURE_LIMIT).
    assert statuts == [200] * 4 + [429]
    # Another resident behind the same proxy is not locked out by the first one.
    proxy.adresse_client = "192.0.2.11"
    assert connexion(proxy, "conseiller", "avaq-conseiller-2026").status == 302
