from django.core.management.base import BaseCommand, CommandError

from ruche.services.sauvegarde import SauvegardeImpossible, restaurer, resume


class Command(BaseCommand):
    help = (
        "Restaure une archive de `manage.py sauvegarder` dans une base PostgreSQL vide et un "
        "dossier MEDIA_ROOT vide, puis vérifie chaque table et chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive écrite par `manage.py sauvegarder`")

    def handle(self, *args, archive, **options):
        try:
            inventaire = restaurer(archive)
        except SauvegardeImpossible as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restauration vérifiée : {resume(inventaire)}."))
