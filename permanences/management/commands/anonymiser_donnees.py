from django.conf import settings
from django.core.management.base import BaseCommand

from permanences.services.anonymisation import anonymiser_donnees
from ruche import limites
from ruche.services.connexions import purger_connexions


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des rendez-vous et inscriptions de plus de "
        "RETENTION_MONTHS mois (les chiffres restent), et les traces de connexion de plus de "
        "CONNEXIONS_CONSERVATION_JOURS jours, et les compteurs anti-abus échus (ils gardent des "
        "adresses IP). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        counts = anonymiser_donnees()
        connexions = purger_connexions()
        compteurs = limites.purger()
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymisés (plus de {settings.RETENTION_MONTHS} mois) : "
                f"{counts['rendez_vous']} rendez-vous, {counts['inscriptions']} inscriptions. "
                f"Traces de connexion effacées (plus de {settings.CONNEXIONS_CONSERVATION_JOURS} "
                f"jours) : {connexions}. Compteurs anti-abus échus effacés : {compteurs}."
            )
        )
