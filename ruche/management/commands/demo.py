"""Loads the demo data: the real convention, its parties, demo accounts, and each app's data.

Each app may have a `demo` module with an `ORDRE` (int) and a `charger(command)` function;
they run in that order, inside one transaction. Running it twice changes nothing. With
`--lieux 2` (`command.lieux`), each loader also adds its part of a second, fictional place.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def demo_loaders():
    loaders = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        loaders.append(module)
    return sorted(loaders, key=lambda module: module.ORDRE)


class Command(BaseCommand):
    help = "Charge les données de démonstration (convention réelle, comptes de démo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même si DEBUG est désactivé (jamais sur un site en production).",
        )
        parser.add_argument(
            "--lieux",
            type=int,
            choices=[1, 2],
            default=1,
            help="2 : ajoute un second lieu, fictif, pour montrer la vue du réseau.",
        )

    def handle(self, *args, force=False, lieux=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ce site est peut-être en production. "
                "Ajoutez --force pour charger quand même les données de démonstration."
            )
        # The loaders read it: with 2, each app adds the second place's part.
        self.lieux = lieux
        with transaction.atomic():
            for module in demo_loaders():
                module.charger(self)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
