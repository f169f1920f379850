"""`db_worker` of django-tasks-db, with a heartbeat, the recovery of abandoned tasks, and
patience with the database.

It replaces the package's command of the same name (the `ruche` app is listed before
`django_tasks_db`), so every way of starting the worker gets it.

The package's loop exits on the first database error it does not expect: a PostgreSQL
restart stopped the mail until a supervisor started the worker again. Here the worker waits
for the database (tries again, each time a little later), says so once in the log, puts back
in the queue the task it was running if the outage cut it, and goes on.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from ruche.services.taches import (
    ERREURS_DE_CONNEXION,
    PANNE,
    battre_le_pouls,
    reprendre_taches_du_travailleur,
    signaler_pouls,
)


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de la file d'attente (courriels, SMS). Signale qu'il vit, "
        "reprend les tâches qu'un processus arrêté a laissées en cours et attend la base de "
        "données quand elle s'arrête."
    )

    def handle(self, *args, **options):
        recharge = options["reload"] and not options["batch"]
        if recharge and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the files; its child runs the tasks.
            return super().handle(*args, **options)
        identifiant = options["worker_id"]

        def reprise():
            reprendre_taches_du_travailleur(identifiant)
            signaler_pouls(identifiant)

        while True:  # started while the database is down: wait for it
            try:
                signaler_pouls(identifiant)
                break
            except ERREURS_DE_CONNEXION as erreur:
                PANNE.attendre(erreur)
        with battre_le_pouls(identifiant):
            while True:
                try:
                    return super().handle(*args, **options)
                except ERREURS_DE_CONNEXION as erreur:
                    # The package's loop starts afresh once the database answers.
                    options["startup_delay"] = False
                    PANNE.attendre(erreur, reprise=reprise)
