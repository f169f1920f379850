#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium and PostgreSQL),
# starts a throwaway PostgreSQL server on a private port and folder, runs the whole suite
# against it, then stops and removes the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install.sh test

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
start_throwaway_pg ruche

export SECRET_KEY="tests-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=false
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export EMAIL_URL=consolemail://

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
.venv/bin/python -m pytest "$@"
