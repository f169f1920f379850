#!/usr/bin/env bash
# Installs everything, migrates, loads the demo data and serves the app on SQLite at
# http://127.0.0.1:8000 (development mode).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
if [ ! -f .env ]; then
  secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  printf 'DEBUG=true\nSECRET_KEY=%s\n' "$secret" > .env
  echo "Fichier .env de développement créé."
fi
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py demo
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
