from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionCreneaux(models.Model):
    """One row whose number changes with every write that may change the free slots.

    The cached free slots are keyed by it: each web process reads it (one indexed row) and so
    never serves a list older than the last committed booking, cancellation or change of a
    occurrence, closure or démarche. Bumped by permanences.services.versions, in the writer's
    transaction."""

    valeur = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("version des créneaux libres")
        verbose_name_plural = _("versions des créneaux libres")

    def __str__(self):
        return str(self.valeur)
