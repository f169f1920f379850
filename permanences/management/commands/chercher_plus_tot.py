from django.core.management.base import BaseCommand

from permanences.services.plus_tot import chercher_plus_tot


class Command(BaseCommand):
    help = (
        "Prévient les personnes qui attendent une heure plus tôt quand une se libère "
        "(e-mail et SMS, par la file de tâches). À lancer toutes les 5 minutes par un "
        "minuteur ; plusieurs à la fois ne doublent rien."
    )

    def handle(self, *args, **options):
        nombre = chercher_plus_tot()
        self.stdout.write(self.style.SUCCESS(f"{nombre} alerte(s) mise(s) en file d'envoi."))
