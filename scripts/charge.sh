#!/usr/bin/env bash
# Load benchmark (bench/charge.py): a throwaway PostgreSQL and a fresh database, production
# settings (DEBUG off, collected static files, manifest storage), gunicorn with two sync
# workers on the loopback, wrk from Debian's packages (installed when missing; without it a
# Python load generator). Prints a table of each page's throughput against the ceiling.
# Usage: scripts/charge.sh                    (demo data + one year of generated activity)
#        scripts/charge.sh --annees 10        (ten years)
#        scripts/charge.sh --duree 10 --tours 3 --connexions 16
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# Installs only once: a later run measures the code, not pip.
[ -x .venv/bin/gunicorn ] || scripts/install.sh
if ! command -v wrk >/dev/null; then
  apt_install wrk || echo "wrk n'est pas installé : générateur de charge Python." >&2
fi
start_throwaway_pg
export ENV_FILE=/dev/null
export ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
createdb_pg ruche_charge
use_throwaway_env ruche_charge
.venv/bin/python manage.py migrate --noinput -v0
# The demo is loaded with the plain static storage: its PDFs fail to render with the
# manifest storage (ruche/pdf.py looks the hashed names up in the source folders).
.venv/bin/python manage.py demo --force >/dev/null
# Production storage from here on: hashed, compressed static files from collectstatic.
unset STATICFILES_BACKEND
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python bench/charge.py "$@"
