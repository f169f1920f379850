"""The warnings of a convention's end already sent: each threshold once per end date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlerteFinEnvoyee(models.Model):
    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.CASCADE,
        related_name="alertes_fin",
        verbose_name=_("convention"),
    )
    dernier_jour = models.DateField(_("dernier jour annoncé"))
    seuil = models.PositiveSmallIntegerField(_("jours avant la fin"))
    envoyee_le = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("alerte de fin envoyée")
        verbose_name_plural = _("alertes de fin envoyées")
        ordering = ["-envoyee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "dernier_jour", "seuil"], name="alerte_fin_une_fois"
            )
        ]

    def __str__(self):
        return f"{self.convention_id} — {self.dernier_jour} — J-{self.seuil}"
