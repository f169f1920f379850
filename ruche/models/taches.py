"""The task queue seen from the Ruche: who runs it, and the messages that could not leave."""

from django.db import models
from django.db.models import Count
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ruche.perimetre import SansLieuQuerySet

TACHE_COURRIEL = "ruche.courriels.envoyer_courriel"
TACHE_SMS = "ruche.sms.envoyer_sms_tache"


class Travailleur(models.Model):
    """One running `db_worker` process, which writes its heartbeat here while it lives.

    A task left RUNNING by a worker whose heartbeat stopped is put back in the queue.
    """

    identifiant = models.CharField(_("identifiant"), max_length=64, unique=True)
    hote = models.CharField(_("machine"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("processus"), null=True)
    # Where `pid` means something: host, boot and PID namespace (ruche.services.taches).
    machine = models.CharField(_("repère de la machine"), max_length=64, blank=True)
    demarre_le = models.DateTimeField(_("démarré le"), auto_now_add=True)
    pouls = models.DateTimeField(_("dernier signe de vie"), db_index=True)

    class Meta:
        verbose_name = _("processus de la file d'attente")
        verbose_name_plural = _("processus de la file d'attente")

    def __str__(self):
        return f"{self.hote}:{self.pid} ({self.identifiant[:8]})"


class EnvoiEchoueQuerySet(SansLieuQuerySet):
    # Where a message sent for a place names it: a mail in its message, a text message in
    # its keyword arguments. One naming none is seen by who sees every place.
    CHEMINS_LIEU = ("args_kwargs__args__0__lieu", "args_kwargs__kwargs__lieu")

    def du_lieu(self, lieux):
        condition = models.Q()
        for chemin in self.CHEMINS_LIEU:
            condition |= models.Q(**{f"{chemin}__in": lieux})
        return condition

    def par_lieu(self):
        """[(place pk or None, number)]: one query."""
        lieu = Coalesce(*(Cast(KT(chemin), models.IntegerField()) for chemin in self.CHEMINS_LIEU))
        return self.annotate(lieu_nomme=lieu).values_list("lieu_nomme").annotate(n=Count("pk"))

    def messages(self):
        return self.filter(task_path__in=[TACHE_COURRIEL, TACHE_SMS])

    def echoues(self):
        return self.messages().filter(status=TaskResultStatus.FAILED)


class EnvoiEchoue(DBTaskResult):
    """A mail or text message that failed for good, for the staff to resend or let go."""

    objects = EnvoiEchoueQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("envoi échoué")
        verbose_name_plural = _("envois échoués")
