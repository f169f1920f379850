#!/usr/bin/env bash
# Runs the benchmarks of bench/ against a throwaway PostgreSQL (like scripts/test.sh), then
# removes it. Each script generates its own large data set and prints query counts and timings.
# Usage: scripts/bench.sh                      (every bench/*.py in turn)
#        scripts/bench.sh bench/statistiques.py --lignes 200000
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh test
start_throwaway_pg
createdb_pg ruche_bench
use_throwaway_env ruche_bench
export ENV_FILE=/dev/null
export ALLOWED_HOSTS="testserver,localhost"
export AXES_ENABLED=false
.venv/bin/python manage.py migrate --noinput -v0

if [ $# -gt 0 ]; then
  .venv/bin/python "$@"
else
  for script in bench/*.py; do
    echo "== $script"
    .venv/bin/python "$script"
  done
fi
