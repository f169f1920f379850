from django.core.management.base import BaseCommand

from passerelles.services.livraisons import relancer


class Command(BaseCommand):
    help = "Remet dans la file les webhooks dus dont l'envoi n'a pas été lancé (toutes les 5 min)."

    def handle(self, *args, **options):
        nombre = relancer()
        self.stdout.write(self.style.SUCCESS(f"{nombre} envoi(s) de webhook relancé(s)."))
