from django.conf import settings
from django.core.management.base import BaseCommand

from permanences.services.anonymisation import anonymiser_donnees


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des rendez-vous et inscriptions de plus de "
        "RETENTION_MONTHS mois (les chiffres restent). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        counts = anonymiser_donnees()
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymisés (plus de {settings.RETENTION_MONTHS} mois) : "
                f"{counts['rendez_vous']} rendez-vous, {counts['inscriptions']} inscriptions."
            )
        )
