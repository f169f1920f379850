"""The task worker rides out a database outage by itself: PostgreSQL stopped for 30 seconds
under a running `db_worker`, then started again; the worker waits, reconnects, says so once,
and the mail due meanwhile leaves without anyone restarting it (no systemd here)."""

import os
import re
import time

import pytest
from django.db import connection

from tests.production.outils import (
    PYTHON,
    BoiteSmtp,
    PostgresJetable,
    Processus,
    attendre,
    dossier_postgresql,
    environnement,
    manage,
    url_base,
)

PANNE_SECONDES = 30

pytestmark = pytest.mark.skipif(
    dossier_postgresql() is None, reason="needs a PostgreSQL server installed (initdb)"
)

ENVOYER = """
import datetime
from django.utils import timezone
from ruche.courriels import envoyer_courriel
message = {{"subject": "{sujet}", "body": "Bonjour.", "html": "", "to": ["{a}"]}}
envoyer_courriel.using(
    run_after=timezone.now() + datetime.timedelta(seconds={dans})
).enqueue(message)
"""


def envoyer(env, a, *, dans=0):
    manage("shell", "-c", ENVOYER.format(sujet=f"Pour {a}", a=a, dans=dans), env=env)


@pytest.fixture
def postgres():
    serveur = PostgresJetable()
    try:
        serveur.creer()
        yield serveur
    finally:
        serveur.supprimer()


@pytest.mark.lent
@pytest.mark.django_db
def test_the_worker_waits_for_the_database_and_sends_the_mail_due_meanwhile(
    postgres, tmp_path, record_property
):
    modele = os.environ.get("RUCHE_TEST_MODELE")
    with BoiteSmtp() as boite:
        # scripts/test.sh migrated a model database once: copied, not migrated again.
        copie_de = url_base(connection, modele) if modele else None
        base = postgres.creer_base("ruche", copie_de=copie_de)
        env = environnement(database_url=base, EMAIL_URL=f"smtp://127.0.0.1:{boite.port}")
        if not modele:
            manage("migrate", "--noinput", env=env)
        worker = Processus(
            [PYTHON, "manage.py", "db_worker", "--no-reload"],
            env=env,
            journal=tmp_path / "db_worker.log",
        )
        try:
            envoyer(env, "avant@exemple.fr")
            attendre(lambda: boite.pour("avant@exemple.fr"), quoi="le courriel d'avant la panne")
            # Due in the middle of the outage.
            envoyer(env, "pendant@exemple.fr", dans=PANNE_SECONDES // 3)

            arret = time.monotonic()
            postgres.arreter()
            premiere_erreur = None
            while time.monotonic() - arret < PANNE_SECONDES:
                assert worker.vivant(), worker.sortie()
                if premiere_erreur is None and "injoignable" in worker.sortie():
                    premiere_erreur = time.monotonic() - arret
                time.sleep(0.2)
            assert not boite.pour("pendant@exemple.fr")
            redemarrage = time.monotonic()
            postgres.demarrer()

            attendre(lambda: boite.pour("pendant@exemple.fr"), quoi="le courriel dû pendant")
            courriel_parti = time.monotonic() - redemarrage
            retour = attendre(
                lambda: re.search(r"joignable après (\d+) s \((\d+) essais?\)", worker.sortie()),
                quoi="la ligne du retour de la base",
            )
            envoyer(env, "apres@exemple.fr")
            attendre(lambda: boite.pour("apres@exemple.fr"), quoi="le courriel d'après")
            assert worker.vivant(), worker.sortie()
        except BaseException:
            print(worker.sortie()[-5000:])
            raise
        finally:
            worker.arreter()

    journal = worker.sortie()
    # Said once, not at each retry; no traceback.
    assert journal.count("injoignable") == 1, journal
    assert journal.count("de nouveau joignable") == 1, journal
    assert "Traceback" not in journal, journal
    assert len(boite.pour("pendant@exemple.fr")) == 1
    record_property("mesure:panne (s)", PANNE_SECONDES)
    record_property("mesure:première erreur après l'arrêt (s)", round(premiere_erreur, 1))
    record_property("mesure:panne vue par le processus (s)", int(retour.group(1)))
    record_property("mesure:essais de reconnexion", int(retour.group(2)))
    record_property("mesure:courriel parti après le redémarrage (s)", round(courriel_parti, 1))
    print(journal)
