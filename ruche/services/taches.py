"""Reliability of the task queue: retries, worker heartbeats, abandoned tasks, failed messages.

The database queue (`django-tasks-db`) marks a task RUNNING when a worker claims it and never
looks at it again: a worker killed mid-task would leave it RUNNING for good. Each worker
therefore writes its heartbeat (`Travailleur.pouls`) from a thread while it lives, and every
worker, at start and at each beat, puts back in the queue the RUNNING tasks whose worker has
stopped beating, or whose process is gone from this very machine. A task is thus run at
least once; a mail may in rare cases leave twice, never zero times.
"""

import contextlib
import hashlib
import inspect
import logging
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, When
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks_db.models import DBTaskResult, get_date_max

from ruche.models import EnvoiEchoue, Travailleur
from ruche.models.taches import TACHE_COURRIEL, TACHE_SMS

logger = logging.getLogger(__name__)

# About two days of retries (1, 2, 4 ... minutes, then every hour) before a message fails.
MAX_TENTATIVES = 60
# A task whose worker died this many times is failed rather than tried again.
MAX_REPRISES = 5
PRET, EN_COURS, REUSSI, ECHOUE = (
    TaskResultStatus.READY,
    TaskResultStatus.RUNNING,
    TaskResultStatus.SUCCESSFUL,
    TaskResultStatus.FAILED,
)


# What a query raises while the database is stopped, restarting or out of reach.
ERREURS_DE_CONNEXION = (OperationalError, InterfaceError)
# Between two tries to reach the database again: 0.5 s, then twice as long, at most this.
RECONNEXION_MAX_SECONDES = 10


class TravailleurDisparu(Exception):
    """The worker running the task stopped (killed, machine down) too many times."""


def delai(tentative):
    return timedelta(minutes=min(2 ** (tentative - 1), 60))


def reporter(tache, *args, tentative, erreur, **kwargs):
    """Enqueues `tache(*args, tentative + 1, **kwargs)` later. False when the caller must fail
    now.

    The queue cannot defer in tests (tasks run at once), and a message gives up after
    MAX_TENTATIVES: the task then fails and shows in the staff list of failed messages.
    """
    if tentative >= MAX_TENTATIVES or not default_task_backend.supports_defer:
        return False
    logger.warning("%s reporté (tentative %s) : %s", tache.name, tentative, type(erreur).__name__)
    tache.using(run_after=timezone.now() + delai(tentative)).enqueue(*args, tentative + 1, **kwargs)
    return True


def repere_machine():
    """What makes a process number comparable: the host, its boot and the PID namespace
    (a container has its own); '' where the system does not tell (then only the heartbeat's
    age counts)."""
    try:
        demarrage = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        espace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return ""
    cle = f"{socket.gethostname()}|{demarrage}|{espace}"
    return hashlib.sha256(cle.encode()).hexdigest()[:32]


def processus_existe(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, under another user
    return True


def signaler_pouls(identifiant):
    Travailleur.objects.update_or_create(
        identifiant=identifiant,
        defaults={
            "pouls": timezone.now(),
            "hote": socket.gethostname()[:255],
            "pid": os.getpid(),
            "machine": repere_machine(),
        },
    )


def _travailleurs_morts_ici(vivants):
    """Among the workers still beating, those of this very machine whose process is gone
    (killed, crashed): no need to wait for their heartbeat to age. A process number taken
    again by another process only makes it wait for the heartbeat, as before."""
    ici = repere_machine()
    if not ici:
        return set()
    return {
        identifiant
        for identifiant, pid in Travailleur.objects.filter(
            identifiant__in=vivants, machine=ici, pid__isnull=False
        ).values_list("identifiant", "pid")
        if not processus_existe(pid)
    }


def reprendre_taches_abandonnees():
    """Puts back READY the RUNNING tasks whose worker stopped beating; returns their number.

    A task abandoned MAX_REPRISES times is failed instead, so one task that kills its
    worker cannot kill them all in turn.
    """
    limite = timezone.now() - timedelta(seconds=settings.TACHES_TRAVAILLEUR_PERDU_SECONDES)
    vivants = set(
        Travailleur.objects.filter(pouls__gte=limite).values_list("identifiant", flat=True)
    )
    morts_ici = _travailleurs_morts_ici(vivants)
    vivants -= morts_ici
    reprises = 0
    for tache in DBTaskResult.objects.filter(status=EN_COURS).only("worker_ids", "started_at"):
        if tache.worker_ids and tache.worker_ids[-1] in vivants:
            continue
        # Only this exact claim: the task may have finished or been claimed again meanwhile.
        meme_essai = DBTaskResult.objects.filter(
            id=tache.id, status=EN_COURS, started_at=tache.started_at
        )
        if len(tache.worker_ids) >= MAX_REPRISES:
            meme_essai.update(
                status=ECHOUE,
                finished_at=timezone.now(),
                exception_class_path=f"{__name__}.{TravailleurDisparu.__name__}",
                traceback="Le processus qui exécutait la tâche s'est arrêté trop souvent.",
            )
            logger.error("Tâche %s abandonnée %s fois : échouée", tache.id, MAX_REPRISES)
        elif meme_essai.update(status=PRET):
            reprises += 1
            logger.warning("Tâche %s reprise : son processus ne répond plus", tache.id)
    Travailleur.objects.filter(Q(pouls__lt=limite) | Q(identifiant__in=morts_ici)).delete()
    return reprises


def reprendre_taches_du_travailleur(identifiant):
    """Puts back READY the tasks this worker had claimed: the database went away while it
    ran one, so whether it finished is unknown (the mail may leave twice, never zero times)."""
    reprises = 0
    for tache in DBTaskResult.objects.filter(status=EN_COURS).only("worker_ids", "started_at"):
        if tache.worker_ids and tache.worker_ids[-1] == identifiant:
            reprises += DBTaskResult.objects.filter(
                id=tache.id, status=EN_COURS, started_at=tache.started_at
            ).update(status=PRET)
    return reprises


class PanneDeBase:
    """The database outage a worker process is living through, told once in the log: when it
    starts (with the cause) and when it ends (how long, how many tries), by whichever thread
    sees it first (the task loop or the heartbeat)."""

    def __init__(self):
        self._verrou = threading.Lock()
        self.debut = None
        self.essais = 0

    def signaler(self, erreur):
        with self._verrou:
            if self.debut is not None:
                return
            self.debut, self.essais = time.monotonic(), 0
        cause = str(erreur).strip().splitlines()[0] if str(erreur).strip() else ""
        logger.warning(
            "Base de données injoignable (%s : %s) : le processus attend qu'elle revienne.",
            type(erreur).__name__,
            cause,
        )

    def retablie(self):
        with self._verrou:
            if self.debut is None:
                return
            duree, essais, self.debut = time.monotonic() - self.debut, self.essais, None
        logger.warning(
            "Base de données de nouveau joignable après %d s (%d essais) : les tâches reprennent.",
            duree,
            essais,
        )

    def attendre(self, erreur, *, reprise=lambda: None):
        """Waits, twice longer each time up to RECONNEXION_MAX_SECONDES, until the database
        answers and `reprise()` went through; then tells the end of the outage."""
        self.signaler(erreur)
        pause = 0.5
        while True:
            time.sleep(pause)
            pause = min(pause * 2, RECONNEXION_MAX_SECONDES)
            with self._verrou:
                self.essais += 1
            try:
                with contextlib.suppress(*ERREURS_DE_CONNEXION):
                    connection.close()  # the broken one: a new one is opened below
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                reprise()
            except ERREURS_DE_CONNEXION:
                continue
            self.retablie()
            return


PANNE = PanneDeBase()


class Pouls(threading.Thread):
    """Beats every TACHES_POULS_SECONDES, even while the worker is inside a long task."""

    def __init__(self, identifiant):
        super().__init__(name=f"pouls-{identifiant[:8]}", daemon=True)
        self.identifiant = identifiant
        self.arret = threading.Event()

    def run(self):
        while not self.arret.wait(settings.TACHES_POULS_SECONDES):
            try:
                signaler_pouls(self.identifiant)
                reprendre_taches_abandonnees()
            except ERREURS_DE_CONNEXION as erreur:
                PANNE.signaler(erreur)
            except Exception:  # noqa: BLE001 - a database hiccup must not stop the heartbeat
                logger.exception("Pouls du processus %s non enregistré", self.identifiant)
            else:
                PANNE.retablie()
            finally:
                # This thread's own connection: never left open between beats.
                connections.close_all()


@contextlib.contextmanager
def battre_le_pouls(identifiant):
    """Registers the worker, takes back abandoned tasks, beats until the block ends."""
    signaler_pouls(identifiant)
    reprendre_taches_abandonnees()
    pouls = Pouls(identifiant)
    pouls.start()
    try:
        yield pouls
    finally:
        pouls.arret.set()
        pouls.join(timeout=5)
        # Stopped during an outage: the row ages out and is deleted by another worker.
        with contextlib.suppress(*ERREURS_DE_CONNEXION):
            Travailleur.objects.filter(identifiant=identifiant).delete()


def renvoyer(envoi: EnvoiEchoue):
    """Enqueues a failed mail or text message again from its first attempt; drops the row.

    Message tasks take their content first, then `tentative`, then keyword arguments (the
    place the message is for): the content and the keywords are kept, the count starts again.
    """
    tache = import_string(envoi.task_path)
    # The parameters before `tentative`, but the context the queue gives some tasks.
    contenu = list(inspect.signature(tache.func).parameters).index("tentative")
    contenu -= tache.takes_context
    with transaction.atomic():
        resultat = tache.enqueue(
            *envoi.args_kwargs["args"][:contenu], **envoi.args_kwargs.get("kwargs", {})
        )
        envoi.delete()
    return resultat


def purger_taches():
    """Deletes finished task rows older than TACHES_CONSERVATION_JOURS (they hold names,
    addresses, phone numbers and secret links). Failed messages stay until the staff handle
    them, but their error trace, which may quote addresses, is cut to its class.
    """
    limite = timezone.now() - timedelta(days=settings.TACHES_CONSERVATION_JOURS)
    anciennes = DBTaskResult.objects.filter(finished_at__lt=limite)
    messages = [TACHE_COURRIEL, TACHE_SMS]
    supprimees, _ = (
        anciennes.filter(status__in=[REUSSI, ECHOUE])
        .exclude(status=ECHOUE, task_path__in=messages)
        .delete()
    )
    reduites = (
        anciennes.filter(status=ECHOUE, task_path__in=messages)
        .exclude(traceback="")
        .update(traceback="", return_value=None)
    )
    return {"supprimees": supprimees, "reduites": reduites}


def travailleurs_vivants(maintenant=None):
    """The workers that live: a beat younger than two periods and a few seconds, and, for
    those of this machine, a process still there (a killed one counts at once)."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(seconds=2 * settings.TACHES_POULS_SECONDES + 5)
    ici = repere_machine()
    lignes = list(Travailleur.objects.values("identifiant", "pid", "machine", "pouls"))
    morts = [
        ligne for ligne in lignes if ici and ligne["machine"] == ici and ligne["pid"]
        and not processus_existe(ligne["pid"])
    ]  # fmt: skip
    vivants = [ligne for ligne in lignes if ligne not in morts]
    return {
        "connus": len(lignes),
        "morts": [ligne["pid"] for ligne in morts],
        "pouls": max((ligne["pouls"] for ligne in vivants), default=None),
        "vivants": sum(1 for ligne in vivants if ligne["pouls"] >= limite),
    }


# A failed attempt no longer counts for the health page after this: a message still failing
# is tried again at least every hour (ruche.services.taches.delai).
ECHECS_RECENTS = timedelta(hours=2)


def etat_file():
    """What the health page tells: the workers, the oldest due task, the oldest task being
    run, and the messages whose attempts fail with none sent since."""
    maintenant = timezone.now()
    # A task waits since it was due: its run_after, or its enqueuing when it had none.
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    pret = Q(status=PRET) & (Q(run_after=get_date_max()) | Q(run_after__lte=maintenant))
    envoi_reussi_apres = DBTaskResult.objects.filter(
        task_path=OuterRef("task_path"),
        status=REUSSI,
        return_value="envoyé",
        finished_at__gt=OuterRef("finished_at"),
    )
    echec = (
        Q(task_path__in=[TACHE_COURRIEL, TACHE_SMS], status=REUSSI, return_value="reporté")
        & Q(finished_at__gte=maintenant - ECHECS_RECENTS)
        & ~Exists(envoi_reussi_apres)
    )
    taches = DBTaskResult.objects.filter(status__in=[PRET, EN_COURS, REUSSI]).aggregate(
        due=Min(due, filter=pret),
        en_cours=Min("started_at", filter=Q(status=EN_COURS)),
        echecs_depuis=Min("finished_at", filter=echec),
        echecs=Count("id", filter=echec),
    )
    travailleurs = travailleurs_vivants(maintenant)

    def age(moment):
        return _secondes(maintenant - moment) if moment else None

    return {
        "pouls_secondes": age(travailleurs["pouls"]),
        "travailleurs_vivants": travailleurs["vivants"],
        "travailleurs_morts": travailleurs["morts"],
        "attente_secondes": age(taches["due"]) or 0,
        "en_cours_secondes": age(taches["en_cours"]),
        "echecs_depuis_secondes": age(taches["echecs_depuis"]),
        "echecs": taches["echecs"],
    }


def _secondes(duree):
    return max(0, round(duree.total_seconds()))
