from django.conf import settings
from django.core.management.base import BaseCommand

from partenariats.services.alertes import envoyer_alertes_fin


class Command(BaseCommand):
    help = (
        "Prévient par courriel le personnel et les bénévoles du partenaire avant le dernier "
        "jour d'une convention (ALERTES_FIN_JOURS jours avant), une fois par seuil. "
        "À lancer chaque jour."
    )

    def handle(self, *args, **options):
        nombre = envoyer_alertes_fin()
        seuils = ", ".join(str(s) for s in settings.ALERTES_FIN_JOURS)
        self.stdout.write(
            self.style.SUCCESS(f"Conventions annoncées (seuils : {seuils} jours) : {nombre}.")
        )
