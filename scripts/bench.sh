#!/usr/bin/env bash
# Runs the benchmarks of bench/ against a throwaway PostgreSQL (like scripts/test.sh), then
# removes it. Usage: scripts/bench.sh [bench/statistiques.py] [script arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh
start_throwaway_pg
createdb_pg ruche_bench
use_throwaway_env ruche_bench
export ENV_FILE=/dev/null

script=${1:-bench/statistiques.py}
shift || true
.venv/bin/python "$script" "$@"
