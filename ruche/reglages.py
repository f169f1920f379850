"""A production setting missing or empty stops the start with one line saying which and where
(manage.py and ruche/wsgi.py print it instead of a traceback), rather than every page
answering 500 (an empty SECRET_KEY) or every mail carrying the developer's address (no
SITE_URL)."""

import sys

from django.core.exceptions import ImproperlyConfigured


class ReglageInvalide(ImproperlyConfigured):
    """Raised by ruche/settings.py when a setting production needs is missing or wrong."""


def arreter(erreur, *, code):
    """Prints the one line and ends the process (`code`: 4 tells gunicorn the app could not
    load, so it stops instead of starting workers again and again)."""
    print(f"Ruche ne démarre pas : {erreur}", file=sys.stderr, flush=True)
    sys.exit(code)
