#!/usr/bin/env bash
# Load benchmark (bench/charge.py): a throwaway PostgreSQL and a fresh database, production
# settings (DEBUG off, collected static files, manifest storage), gunicorn with two sync
# workers on the loopback, wrk from Debian's packages (installed when missing; without it a
# Python load generator). Prints a table of each page's throughput against the ceiling.
# Usage: scripts/charge.sh                    (demo data + one year of generated activity)
#        scripts/charge.sh --annees 10        (ten years)
#        scripts/charge.sh --duree 10 --tours 3 --connexions 16
#        scripts/charge.sh --reparti [--lieux 33] [--noeuds 2] [--ecritures 0,1,5,20]
#                                             (bench/reparti.py: every public page of every
#                                              place in three languages, under writes)
# With --redis, the cache is a throwaway Redis server (Debian's redis-server) shared by
# every gunicorn process, as in production (CACHE_URL).
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
case " $* " in
  *" --redis "*)
    command -v redis-server >/dev/null || apt_install redis-server
    start_throwaway_redis
    export CACHE_URL="rediscache://$REDIS_SOCKET"
    ;;
esac
.venv/bin/python manage.py migrate --noinput -v0
# Production storage: hashed, compressed static files from collectstatic (cached in .venv).
collect_static
.venv/bin/python manage.py demo --force >/dev/null
if [ "${1:-}" = "--reparti" ]; then
  shift
  .venv/bin/python bench/reparti.py "$@"
else
  .venv/bin/python bench/charge.py "$@"
fi
