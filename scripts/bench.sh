#!/usr/bin/env bash
# Runs the benchmarks of bench/ against a throwaway PostgreSQL (like scripts/test.sh), then
# removes it. Usage: scripts/bench.sh [bench/statistiques.py] [script arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh
start_throwaway_pg
createdb_pg ruche_bench
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/ruche_bench"
export SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=false
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export EMAIL_URL=consolemail://
export ENV_FILE=/dev/null

script=${1:-bench/statistiques.py}
shift || true
.venv/bin/python "$script" "$@"
