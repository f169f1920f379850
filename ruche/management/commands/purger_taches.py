from django.conf import settings
from django.core.management.base import BaseCommand

from ruche.services.taches import purger_taches


class Command(BaseCommand):
    help = (
        "Efface les tâches terminées (courriels, SMS) de plus de TACHES_CONSERVATION_JOURS "
        "jours. Les envois échoués restent jusqu'à ce que le personnel les traite. "
        "À lancer chaque jour."
    )

    def handle(self, *args, **options):
        compte = purger_taches()
        self.stdout.write(
            self.style.SUCCESS(
                f"Tâches de plus de {settings.TACHES_CONSERVATION_JOURS} jours : "
                f"{compte['supprimees']} effacées, {compte['reduites']} envois échoués réduits."
            )
        )
