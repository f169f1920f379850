from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ruche.services.sauvegarde import SauvegardeImpossible, resume, sauvegarder


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL et les fichiers déposés (MEDIA_ROOT) dans une seule "
        "archive tar. Se restaure avec `manage.py restaurer ARCHIVE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="fichier à écrire (par défaut ruche-AAAA-MM-JJ-HHMMSS.tar ici)",
        )

    def handle(self, *args, archive=None, **options):
        archive = archive or f"ruche-{timezone.localtime():%Y-%m-%d-%H%M%S}.tar"
        try:
            inventaire = sauvegarder(archive)
        except SauvegardeImpossible as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde écrite : {archive} ({resume(inventaire)}).")
        )
