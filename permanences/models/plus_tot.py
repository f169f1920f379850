from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemandePlusTotQuerySet(models.QuerySet):
    def en_cours(self):
        return self.filter(finie_le__isnull=True)


class DemandePlusTot(models.Model):
    """A resident whose appointment is far off asks to be told when an earlier time frees
    up for the same démarche (permanences.services.plus_tot): a few alerts at most, one a
    day at most, until the appointment is near, moved or cancelled.

    One per appointment: asking again after it ended starts it again, with the alerts
    already sent still counted while the appointment keeps its date.
    """

    class Fin(models.TextChoices):
        DEPLACE = "deplace", _("Rendez-vous changé")
        ANNULE = "annule", _("Rendez-vous annulé")
        PROCHE = "proche", _("Rendez-vous proche")
        ALERTES = "alertes", _("Alertes toutes envoyées")
        ARRETEE = "arretee", _("Arrêtée par la personne")

    rendez_vous = models.OneToOneField(
        "permanences.RendezVous",
        verbose_name=_("rendez-vous"),
        on_delete=models.CASCADE,
        related_name="demande_plus_tot",
    )
    # The appointment's start when the person asked: a move (by anyone) ends the request.
    debut_rendez_vous = models.DateTimeField(_("début du rendez-vous à la demande"))
    cree_le = models.DateTimeField(_("demandée le"), default=timezone.now)
    alertes = models.PositiveSmallIntegerField(_("alertes envoyées"), default=0)
    derniere_alerte_le = models.DateTimeField(_("dernière alerte le"), null=True, blank=True)
    # The earlier time the last alert offered; its link opens it.
    occurrence_proposee = models.ForeignKey(
        "permanences.Occurrence",
        verbose_name=_("permanence proposée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    debut_propose = models.DateTimeField(_("heure proposée"), null=True, blank=True)
    finie_le = models.DateTimeField(_("finie le"), null=True, blank=True)
    fin = models.CharField(_("raison de la fin"), max_length=20, choices=Fin.choices, blank=True)

    objects = DemandePlusTotQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'une heure plus tôt")
        verbose_name_plural = _("demandes d'une heure plus tôt")
        ordering = ["cree_le"]
        indexes = [
            models.Index(
                fields=["cree_le"],
                condition=Q(finie_le__isnull=True),
                name="plus_tot_en_cours",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finie_le__isnull=True, fin="") | Q(finie_le__isnull=False) & ~Q(fin=""),
                name="plus_tot_fin_datee",
            ),
            models.CheckConstraint(
                condition=Q(debut_propose__isnull=True)
                | Q(debut_propose__lt=F("debut_rendez_vous")),
                name="plus_tot_propose_avant",
            ),
        ]

    def __str__(self):
        return f"{self.rendez_vous_id} ({self.alertes})"

    @property
    def en_cours(self):
        return self.finie_le is None
