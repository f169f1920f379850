from django.core.management.base import BaseCommand

from passerelles.services.livraisons import purger, relancer


class Command(BaseCommand):
    help = (
        "Remet dans la file les webhooks dus dont l'envoi n'a pas été lancé, et efface le "
        "journal des envois anciens (toutes les 5 minutes)."
    )

    def handle(self, *args, **options):
        relances = relancer()
        effaces = purger()
        self.stdout.write(
            self.style.SUCCESS(
                f"{relances} envoi(s) de webhook relancé(s), {effaces} ancien(s) effacé(s)."
            )
        )
