from django.core.management.base import BaseCommand

from partenariats.services.comites import rappeler_comites


class Command(BaseCommand):
    help = (
        "Rappelle au personnel, le 1er octobre et le 1er décembre, les comités de suivi "
        "pas encore planifiés (à lancer chaque jour ; chaque rappel part une fois)."
    )

    def handle(self, *args, **options):
        envoyes = rappeler_comites()
        self.stdout.write(self.style.SUCCESS(f"Rappels de comité envoyés : {envoyes}"))
