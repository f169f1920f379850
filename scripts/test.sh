#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium and PostgreSQL),
# starts a throwaway PostgreSQL server on a private port and folder, runs the suite against
# it with the production settings (DEBUG off, static files collected into WhiteNoise's
# manifest storage), then stops and removes the server.
# Extra arguments go to pytest. Without arguments the whole suite runs on TEST_WORKERS
# processes (pytest-xdist, default 2); with arguments in one process unless TEST_WORKERS is set.
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
collect_static

workers=()
if [ $# -eq 0 ]; then
  workers=(-n "${TEST_WORKERS:-2}")
elif [ -n "${TEST_WORKERS:-}" ]; then
  workers=(-n "$TEST_WORKERS")
fi
.venv/bin/python -m pytest "${workers[@]}" "$@"
