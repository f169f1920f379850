#!/usr/bin/env bash
# Runs the benchmarks of bench/ against a throwaway PostgreSQL (like scripts/test.sh), each in
# a fresh database of its own, then removes the server. Each script generates its own large
# data set and prints query counts and timings.
# Usage: scripts/bench.sh                                   (every bench/*.py in turn)
#        scripts/bench.sh bench/statistiques.py --lignes 200000
#        scripts/bench.sh bench/creneaux.py --redis        (a throwaway Redis as the cache)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh test
start_throwaway_pg
export ENV_FILE=/dev/null
export ALLOWED_HOSTS="testserver,localhost"
export AXES_ENABLED=false
case " $* " in
  *" --redis "*)
    command -v redis-server >/dev/null || apt_install redis-server
    start_throwaway_redis
    export CACHE_URL="rediscache://$REDIS_SOCKET"
    ;;
esac

run_bench() {
  local name
  name=ruche_bench_$(basename "$1" .py)
  createdb_pg "$name"
  use_throwaway_env "$name"
  # Benchmarks count queries and time pages; they need no collected static files.
  export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
  .venv/bin/python manage.py migrate --noinput -v0
  echo "== $1"
  .venv/bin/python "$@"
}

if [ $# -gt 0 ]; then
  run_bench "$@"
else
  for script in bench/*.py; do
    # Helper modules have no __main__; the load benchmark has its own script (charge.sh).
    grep -q '__main__' "$script" || continue
    [ "$script" = bench/charge.py ] && continue
    run_bench "$script"
  done
fi
