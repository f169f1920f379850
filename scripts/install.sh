#!/usr/bin/env bash
# Creates .venv and installs the Python packages pinned in pyproject.toml.
# Usage: scripts/install.sh [test]   (with "test": also the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  # A minimal Debian has Python without its venv module (package python3-venv).
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv
  fi
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "test" ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check ".${extras}"
# The public pages' translations: locale/*/LC_MESSAGES/django.po into .mo files, with GNU
# gettext's msgfmt when the machine has it, else with Babel (pinned in pyproject.toml).
if command -v msgfmt >/dev/null; then
  for po in locale/*/LC_MESSAGES/*.po; do
    [ -f "$po" ] || continue
    msgfmt --check-format -o "${po%.po}.mo" "$po"
  done
else
  .venv/bin/python scripts/compiler_traductions.py locale
fi
# WeasyPrint needs Pango; install it from Debian's packages when it is missing.
if ! pango_installed; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
fi
