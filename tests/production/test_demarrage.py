"""A production start with an empty SECRET_KEY or no SITE_URL stops at once with one line
saying which setting and where: `manage.py` (migrate, db_worker, check) and gunicorn alike.
Before, an empty key made every page answer 500 while `check --deploy` only warned, and a
missing SITE_URL put http://127.0.0.1:8000 in every mail and SMS."""

import re
import shlex
import subprocess

import pytest
from django.db import connection

from tests.production.outils import PYTHON, RACINE, environnement, port_libre, url_base

CAS = {
    "clé vide": ({"SECRET_KEY": ""}, "SECRET_KEY est vide ou absent"),
    "clé d'espaces": ({"SECRET_KEY": "   "}, "SECRET_KEY est vide ou absent"),
    "adresse absente": ({"SITE_URL": None}, "SITE_URL est absent"),
    "adresse sans schéma": ({"SITE_URL": "ruche.example.fr"}, "SITE_URL est invalide"),
}


def env_de(changements):
    env = environnement(
        database_url=url_base(connection), SITE_URL="https://ruche.example.fr", ENV_FILE="/dev/null"
    )
    for nom, valeur in changements.items():
        if valeur is None:
            env.pop(nom, None)
        else:
            env[nom] = valeur
    return env


def lignes(texte):
    return [ligne for ligne in texte.splitlines() if ligne.strip()]


@pytest.mark.parametrize("commande", [["check"], ["migrate", "--noinput"], ["db_worker"]])
@pytest.mark.parametrize("cas", sorted(CAS))
def test_manage_py_stops_with_one_line(cas, commande):
    changements, attendu = CAS[cas]
    resultat = subprocess.run(
        [PYTHON, "manage.py", *commande],
        cwd=RACINE,
        env=env_de(changements),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 1
    (ligne,) = lignes(resultat.stderr)
    assert ligne.startswith(f"Ruche ne démarre pas : {attendu} (/dev/null). ")


def options_du_service():
    """gunicorn's options as deploiement/ruche-web.service gives them (its socket aside)."""
    service = (RACINE / "deploiement" / "ruche-web.service").read_text().replace("\\\n", " ")
    exec_start = re.search(r"^ExecStart=(.*)$", service, re.MULTILINE).group(1)
    return shlex.split(exec_start)[1:]


@pytest.mark.parametrize("cas", sorted(CAS))
def test_gunicorn_stops_instead_of_answering_500(cas):
    changements, attendu = CAS[cas]
    resultat = subprocess.run(
        [PYTHON, "-m", "gunicorn", *options_du_service(), "--bind", f"127.0.0.1:{port_libre()}"],
        cwd=RACINE,
        env=env_de(changements),
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    # gunicorn gives up ("App failed to load") instead of serving errors.
    assert resultat.returncode == 4, resultat.stderr
    (ligne,) = lignes(resultat.stderr)
    assert ligne.startswith(f"Ruche ne démarre pas : {attendu} (/dev/null). ")
