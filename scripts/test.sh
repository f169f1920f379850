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
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PG_BIN" ]; then
  apt_install postgresql
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# A private cluster: its own folder, its own port, trust on loopback only.
PGDIR=$(mktemp -d /tmp/ruche-pg.XXXXXX)
PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$PGDIR"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w start \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/ruche"
export SECRET_KEY="tests-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=false
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export EMAIL_URL=consolemail://

.venv/bin/ruff check .
.venv/bin/ruff format --check .
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres ruche
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
.venv/bin/python -m pytest "$@"
