#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
    from django.core.management import execute_from_command_line

    from ruche.reglages import ReglageInvalide, arreter

    try:
        execute_from_command_line(sys.argv)
    except ReglageInvalide as erreur:
        arreter(erreur, code=1)


if __name__ == "__main__":
    main()
