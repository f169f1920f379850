"""`db_worker` of django-tasks-db, with a heartbeat and the recovery of abandoned tasks.

It replaces the package's command of the same name (the `ruche` app is listed before
`django_tasks_db`), so every way of starting the worker gets it.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from ruche.services.taches import battre_le_pouls


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de la file d'attente (courriels, SMS). Signale qu'il vit et "
        "reprend les tâches qu'un processus arrêté a laissées en cours."
    )

    def handle(self, *args, **options):
        recharge = options["reload"] and not options["batch"]
        if recharge and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the files; its child runs the tasks.
            return super().handle(*args, **options)
        with battre_le_pouls(options["worker_id"]):
            return super().handle(*args, **options)
