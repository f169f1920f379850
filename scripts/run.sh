#!/usr/bin/env bash
# Installs everything, migrates, loads the demo data and serves the app on SQLite at
# http://127.0.0.1:8000 (development mode), with the task worker that sends mail beside it.
# Arguments go to `manage.py demo` (scripts/run.sh --lieux 2: a second, fictional place).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
if [ ! -f .env ]; then
  secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  printf 'DEBUG=true\nSECRET_KEY=%s\n' "$secret" > .env
  echo "Fichier .env de développement créé."
fi
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py demo "$@"
# The task worker sends the mail (to the console here) and reminders, as in production.
.venv/bin/python manage.py db_worker --no-reload --verbosity 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
