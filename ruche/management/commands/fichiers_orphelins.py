from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from ruche.fichiers import ORPHELINS_AGE_MIN, fichiers_orphelins


class Command(BaseCommand):
    help = (
        "Liste les fichiers déposés (scans signés, documents, logos, comptes rendus) qu'aucune "
        "ligne ne désigne plus ; --supprimer les efface. Les fichiers de moins d'une heure ne "
        "sont jamais touchés (un dépôt en cours)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--supprimer", action="store_true", help="Efface les fichiers listés.")

    def handle(self, *args, supprimer, **options):
        orphelins = fichiers_orphelins()
        for nom in orphelins:
            self.stdout.write(nom)
            if supprimer:
                default_storage.delete(nom)
        heures = int(ORPHELINS_AGE_MIN.total_seconds() // 3600)
        fait = "effacés" if supprimer else "à effacer avec --supprimer"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(orphelins)} fichiers orphelins de plus de {heures} h : {fait}."
            )
        )
