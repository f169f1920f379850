from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.models.lieu import champ_lieu
from ruche.perimetre import DuLieuQuerySet


class SalleQuerySet(DuLieuQuerySet):
    def actives(self):
        return self.filter(active=True)


class Salle(models.Model):
    """A room or office the Ruche lends free of charge (Article 2)."""

    lieu = champ_lieu("salles")
    nom = models.CharField(_("nom"), max_length=100)
    capacite = models.PositiveSmallIntegerField(_("capacité (personnes)"))
    equipements = models.TextField(
        _("équipements"), blank=True, help_text=_("Un équipement par ligne : ordinateurs…")
    )
    active = models.BooleanField(_("disponible"), default=True)

    objects = SalleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacite__gte=1), name="salle_capacite_positive"
            ),
            # Two places may each have their "Salle de réunion".
            models.UniqueConstraint(
                fields=["lieu", "nom"],
                name="salle_nom_unique_par_lieu",
                violation_error_message=_("Ce lieu a déjà une salle de ce nom."),
            ),
        ]

    def __str__(self):
        return self.nom
