#!/usr/bin/env bash
# Installs everything, migrates, loads the demo data and serves the app on SQLite at
# http://127.0.0.1:8000 (development mode; PORT=8010 for another port), with the task worker
# that sends mail beside it.
# Arguments go to `manage.py demo` (scripts/run.sh --lieux 2: a second, fictional place).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8000}
# The port first: taken, nothing is installed or loaded for a server that cannot start.
if ! python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except (OSError, ValueError):
    sys.exit(1)
' "$PORT" 2>/dev/null; then
  echo "Le port $PORT est déjà pris (ou n'est pas un numéro de port). Choisissez-en un autre : make run PORT=8010" >&2
  exit 1
fi

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
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"
