"""What install.sh, run.sh and the settings do on a new machine: Pango and PostgreSQL found
where Debian puts them, `.env.example` usable as it is, each log line printed once."""

import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.production.outils import RACINE


def bash(script, **env):
    base = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        ["bash", "-c", f". scripts/lib.sh; {script}"],
        cwd=RACINE,
        env=base,
        capture_output=True,
        text=True,
    )


def test_pango_is_found_without_sbin_in_the_path():
    """A normal user has no /sbin in PATH: install.sh asked for sudo on every run.
    (Pango is installed here: the suite prints PDFs.)"""
    assert bash("pango_installed").returncode == 0


def test_pango_is_found_from_its_library_file(tmp_path):
    (tmp_path / "x86_64-linux-gnu").mkdir()
    (tmp_path / "x86_64-linux-gnu" / "libpango-1.0.so.0").touch()
    assert bash("ldconfig() { return 1; }; pango_installed", LIB_ROOT=str(tmp_path)).returncode == 0


def test_the_postgresql_server_is_the_folder_holding_initdb(tmp_path):
    for version, programmes in {"14": ["initdb", "pg_ctl"], "15": ["psql", "pg_dump"]}.items():
        dossier = tmp_path / version / "bin"
        dossier.mkdir(parents=True)
        for programme in programmes:
            (dossier / programme).touch()
    # 15 is only postgresql-client: the server to start is 14.
    assert bash("pg_server_bin", PG_ROOT=str(tmp_path)).stdout.strip() == f"{tmp_path}/14/bin"
    shutil.rmtree(tmp_path / "14")
    assert bash("pg_server_bin", PG_ROOT=str(tmp_path)).stdout.strip() == ""


def environnement_neuf(tmp_path, **variables):
    """A shell of a new machine: no variable of the test run, only what is given."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        **variables,
    }


@pytest.mark.lent
def test_env_example_copied_as_env_runs_the_try_out(tmp_path):
    """`cp .env.example .env` then `make run`: migrate, the demo data and the pages work on
    SQLite (PostgreSQL-only SQL broke the try-out once, at migrate and in the demo)."""
    fichier = tmp_path / ".env"
    shutil.copy(RACINE / ".env.example", fichier)
    env = environnement_neuf(
        tmp_path,
        ENV_FILE=str(fichier),
        # The try-out database, only elsewhere than in the project folder.
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    def manage(*args):
        resultat = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=RACINE,
            env=env,
            capture_output=True,
            text=True,
        )
        assert resultat.returncode == 0, resultat.stderr
        return resultat.stdout

    manage("migrate", "--noinput", "-v0")
    manage("demo")
    sortie = manage(
        "shell",
        "-c",
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='127.0.0.1')\n"
        "print(*(c.get(u).status_code for u in ('/', '/rendez-vous/', '/ateliers/')))",
    )
    assert sortie.strip().splitlines()[-1] == "200 200 200"


def test_each_log_line_is_printed_once(tmp_path):
    env = environnement_neuf(tmp_path, ENV_FILE="/dev/null", DEBUG="true")
    resultat = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging, os;"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ruche.settings');"
            "django.setup();"
            "logging.getLogger('django.request').warning('ligne-de-journal');"
            "logging.getLogger('ruche').warning('autre-ligne')",
        ],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stderr.count("ligne-de-journal") == 1
    assert resultat.stderr.count("autre-ligne") == 1


@pytest.fixture
def projet_factice(tmp_path):
    """The Makefile and run.sh in a folder of their own, where install.sh and .venv/bin/python
    only write down how they were called: what `make run` does, without doing it."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(RACINE / "Makefile", tmp_path)
    shutil.copy(RACINE / "scripts" / "run.sh", tmp_path / "scripts")
    appels = tmp_path / "appels.txt"
    for factice in (tmp_path / "scripts" / "install.sh", tmp_path / ".venv" / "bin" / "python"):
        factice.parent.mkdir(parents=True, exist_ok=True)
        factice.write_text(f'#!/bin/sh\necho "$(basename "$0") $*" >> {appels}\n')
        factice.chmod(0o755)
    (tmp_path / ".env").write_text("DEBUG=true\n")
    return tmp_path, appels


def test_make_run_on_a_taken_port_stops_at_once_with_the_way_out(projet_factice):
    dossier, appels = projet_factice
    with socket.create_server(("127.0.0.1", 0)) as occupe:
        port = occupe.getsockname()[1]
        resultat = subprocess.run(
            ["make", "run", f"PORT={port}"], cwd=dossier, capture_output=True, text=True
        )
    assert resultat.returncode != 0
    assert f"Le port {port} est déjà pris" in resultat.stderr
    assert "make run PORT=8010" in resultat.stderr
    # Nothing installed, migrated or loaded (it took 35 s before failing).
    assert not appels.exists()


def test_make_run_port_serves_elsewhere(projet_factice):
    dossier, appels = projet_factice
    port = socket.create_server(("127.0.0.1", 0))
    libre = port.getsockname()[1]
    port.close()
    resultat = subprocess.run(
        ["make", "run", f"PORT={libre}", "LIEUX=2"], cwd=dossier, capture_output=True, text=True
    )
    assert resultat.returncode == 0, resultat.stderr
    lignes = appels.read_text().splitlines()
    assert lignes[0] == "install.sh "
    assert "python manage.py demo --lieux 2" in lignes
    assert f"python manage.py runserver 127.0.0.1:{libre}" in lignes


def test_a_command_without_the_production_settings_says_which_one(tmp_path):
    """Not "Models aren't loaded yet": Django's command line ran makemigrations without its
    apps when the settings stopped, and the one line was never printed."""
    resultat = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=RACINE,
        env=environnement_neuf(tmp_path, ENV_FILE="/dev/null"),
        capture_output=True,
        text=True,
    )
    assert resultat.returncode == 1
    assert resultat.stderr.startswith("Ruche ne démarre pas : SECRET_KEY est vide ou absent")
    assert "Traceback" not in resultat.stderr
