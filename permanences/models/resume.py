from django.db import models
from django.utils.translation import gettext_lazy as _


class CreneauxLibres(models.Model):
    """The free slots residents may book for one démarche, as computed at one version of the
    slots: kept up to date by the bookings themselves (in their transaction), so the public
    pages read one row instead of every booking of the window, also after the cache was
    emptied. A row at another version than the current one is computed again by the next
    reader (permanences.services.disponibilites)."""

    demarche = models.OneToOneField(
        "permanences.Demarche",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("démarche"),
    )
    version = models.BigIntegerField(_("version des créneaux"))
    calcule_le = models.DateTimeField(_("calculé le"))
    # [[occurrence pk, start, end], …] with UTC timestamps, sorted by start.
    creneaux = models.JSONField(_("créneaux libres"), default=list)

    class Meta:
        verbose_name = _("créneaux libres d'une démarche")
        verbose_name_plural = _("créneaux libres des démarches")

    def __str__(self):
        return f"{self.demarche_id} : {len(self.creneaux)}"
