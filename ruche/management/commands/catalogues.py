"""Updates the English and Arabic catalogues (locale/) from the files residents read only:
the staff pages stay French, so their strings stay out of the catalogues.

Usage: manage.py catalogues   (then translate the new entries and remove "fuzzy" marks)."""

from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

from ruche.langues import FICHIERS_PUBLICS


def est_public(chemin):
    relatif = Path(chemin).resolve().relative_to(settings.BASE_DIR).as_posix()
    return any(fnmatch(relatif, motif) for motif in FICHIERS_PUBLICS)


class Command(makemessages.Command):
    help = "Met à jour locale/en et locale/ar à partir des pages et messages publics."

    def find_files(self, root):
        return [f for f in super().find_files(root) if est_public(f.path)]

    def handle(self, *args, **options):
        options.update(
            locale=[code for code, _nom in settings.LANGUAGES if code != settings.LANGUAGE_CODE],
            extensions=["html", "txt", "py"],
            ignore_patterns=[".venv/*", "staticfiles/*", "build/*", "tests/*", "bench/*"],
            no_obsolete=True,
        )
        super().handle(*args, **options)
