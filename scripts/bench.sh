#!/usr/bin/env bash
# Runs a benchmark script from bench/ against a throwaway PostgreSQL, e.g.
#   scripts/bench.sh bench/statistiques.py
# Each script generates its own large data set and prints query counts and timings.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh test
start_throwaway_pg
export SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=false
export ALLOWED_HOSTS="testserver,localhost"
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export EMAIL_URL=consolemail://
export AXES_ENABLED=false
.venv/bin/python manage.py migrate --noinput -v0
[ $# -gt 0 ] || set -- bench/*.py
for script in "$@"; do
  echo "== $script"
  .venv/bin/python "$script"
done
