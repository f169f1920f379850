"""The dated life of a convention: breaches and termination (committees: comite.py).

Events are added, never overwritten: their history is kept by django-simple-history and
the admin does not delete them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats import terme
from ruche.formats import date_longue


def hors_vigueur(convention, jour, *, sauf=None):
    """A French sentence when the convention is not in force on the day, else None."""
    termes = convention.termes(sauf=sauf)
    if terme.en_vigueur(termes, jour):
        return None
    if jour < termes.debut:
        return _("La convention ne commence que le %(debut)s.") % {
            "debut": date_longue(termes.debut)
        }
    return _("La convention n'est plus en vigueur depuis le %(fin)s.") % {
        "fin": date_longue(terme.dernier_jour(termes) + terme.UN_JOUR)
    }


class Evenement(models.Model):
    """A dated event in the life of a convention (each subclass names its `convention` link)."""

    enregistre_le = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        abstract = True


class Manquement(Evenement):
    """A breach notified to a party: the convention lapses one month later (Article 6)."""

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="manquements",
        verbose_name=_("convention"),
    )
    notifie_le = models.DateField(_("notifié le"))
    description = models.TextField(_("manquement constaté"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification de manquement")
        verbose_name_plural = _("notifications de manquement")
        ordering = ["convention", "notifie_le"]

    def __str__(self):
        return f"Manquement notifié le {date_longue(self.notifie_le)}"

    @property
    def caduque_le(self):
        return terme.caduque_le(self.notifie_le)

    def clean(self):
        if self.convention_id is None or self.notifie_le is None:
            return
        probleme = hors_vigueur(self.convention, self.notifie_le, sauf=self)
        if probleme:
            raise ValidationError({"notifie_le": probleme})


class Resiliation(Evenement):
    """The termination of a convention, from its date on, with its reason."""

    convention = models.OneToOneField(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="resiliation",
        verbose_name=_("convention"),
    )
    date = models.DateField(
        _("résiliée à partir du"), help_text=_("Premier jour où la convention ne s'applique plus.")
    )
    motif = models.TextField(_("motif"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("résiliation")
        verbose_name_plural = _("résiliations")

    def __str__(self):
        return f"Résiliation au {date_longue(self.date)}"

    def clean(self):
        if self.convention_id is None or self.date is None:
            return
        convention = self.convention
        if self.date <= convention.debut:
            raise ValidationError(
                {
                    "date": _("La résiliation doit suivre le début de la convention (%(debut)s).")
                    % {"debut": date_longue(convention.debut)}
                }
            )
        probleme = hors_vigueur(convention, self.date - terme.UN_JOUR, sauf=self)
        if probleme:
            raise ValidationError({"date": probleme})
