#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from ruche.reglages import ReglageInvalide, arreter

    try:
        # Read first: Django's command line takes a settings error for "no settings" and runs
        # the command without its apps ("Models aren't loaded yet"), hiding the one line.
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)
    except ReglageInvalide as erreur:
        arreter(erreur, code=1)


if __name__ == "__main__":
    main()
