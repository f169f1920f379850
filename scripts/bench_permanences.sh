#!/usr/bin/env bash
# Runs bench/permanences.py against a throwaway PostgreSQL (own port and folder, removed at
# the end), the way scripts/test.sh does; with DATABASE_URL already set to an EMPTY
# PostgreSQL database, it uses that one instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh
export SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=false
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
if [ -z "${DATABASE_URL:-}" ]; then
  start_throwaway_pg ruche_bench
fi
.venv/bin/python bench/permanences.py
