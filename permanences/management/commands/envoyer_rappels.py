from django.core.management.base import BaseCommand

from permanences.services.rappels import envoyer_rappels


class Command(BaseCommand):
    help = (
        "Envoie les rappels de rendez-vous dus (e-mail et SMS, par la file de tâches). "
        "À lancer toutes les 15 minutes par un minuteur ; plusieurs à la fois ne doublent rien."
    )

    def handle(self, *args, **options):
        count = envoyer_rappels()
        self.stdout.write(self.style.SUCCESS(f"{count} rappel(s) mis en file d'envoi."))
