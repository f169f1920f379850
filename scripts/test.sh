#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium and PostgreSQL),
# starts a throwaway PostgreSQL server on a private port and folder, runs the whole suite
# against it, then stops and removes the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh test

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
start_throwaway_pg
use_throwaway_env ruche

.venv/bin/ruff check .
.venv/bin/ruff format --check .
createdb_pg ruche
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
.venv/bin/python -m pytest "$@"
