"""What the parties write in the annual report for a commitment of Article 2 that the
software cannot measure, or measures only in part (the report says what to fill in)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ComplementBilan(models.Model):
    engagement = models.ForeignKey(
        "partenariats.Engagement",
        on_delete=models.CASCADE,
        related_name="complements",
        verbose_name=_("engagement"),
    )
    annee = models.PositiveSmallIntegerField(_("année du rapport"))
    texte = models.TextField(_("ce qui a été fait"))
    saisi_par = models.CharField(_("écrit par"), max_length=200, blank=True, editable=False)
    saisi_le = models.DateTimeField(_("écrit le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complément au bilan de l'article 2")
        verbose_name_plural = _("compléments au bilan de l'article 2")
        ordering = ["engagement", "annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "annee"], name="complement_un_par_engagement_et_annee"
            ),
            models.CheckConstraint(
                condition=models.Q(annee__gte=2000, annee__lte=2100),
                name="complement_annee_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} ({self.annee})"
