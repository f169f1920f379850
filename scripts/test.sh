#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium, PostgreSQL and nginx),
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
# The nginx example of deploiement/ is checked with `nginx -t` (tests/production).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx
fi
# The shared cache's tests start throwaway Redis servers of their own (tests/production/outils.py).
if ! command -v redis-server >/dev/null; then
  apt_install redis-server
fi
start_throwaway_pg
use_throwaway_env ruche

# The migrations run once, into a model database, beside the checks below; each pytest
# process then copies it (CREATE DATABASE ... TEMPLATE) instead of migrating its own test
# database (about 30 s of CPU each, 100-150 s when the machine is loaded).
createdb_pg ruche_modele
DATABASE_URL="${DATABASE_URL%/*}/ruche_modele" \
  .venv/bin/python manage.py migrate --noinput -v0 >"$PGDIR/modele.log" 2>&1 &
modele=$!

.venv/bin/ruff check .
.venv/bin/ruff format --check .
createdb_pg ruche
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
collect_static

if ! wait "$modele"; then
  cat "$PGDIR/modele.log" >&2
  exit 1
fi
export RUCHE_TEST_MODELE=ruche_modele

workers=()
if [ $# -eq 0 ]; then
  workers=(-n "${TEST_WORKERS:-2}")
elif [ -n "${TEST_WORKERS:-}" ]; then
  workers=(-n "$TEST_WORKERS")
fi
.venv/bin/python -m pytest "${workers[@]}" "$@"
