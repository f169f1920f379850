from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SalleQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True)


class Salle(models.Model):
    """A room or office the Ruche lends free of charge (Article 2)."""

    nom = models.CharField(_("nom"), max_length=100, unique=True)
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
            )
        ]

    def __str__(self):
        return self.nom


class FermetureQuerySet(models.QuerySet):
    def touchant(self, start, end):
        """Closures that overlap the dates [start, end]."""
        return self.filter(debut__lte=end, fin__gte=start)


class Fermeture(models.Model):
    """A day or a range of days when the Ruche is closed: every room is blocked."""

    debut = models.DateField(_("premier jour"))
    fin = models.DateField(_("dernier jour"))
    motif = models.CharField(_("motif"), max_length=200)

    objects = FermetureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fermeture de la Ruche")
        verbose_name_plural = _("fermetures de la Ruche")
        ordering = ["debut"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fin__gte=models.F("debut")),
                name="fermeture_fin_apres_debut",
                violation_error_message=_("Le dernier jour doit être après le premier jour."),
            )
        ]

    def __str__(self):
        if self.debut == self.fin:
            return f"{self.motif} ({self.debut:%d/%m/%Y})"
        return f"{self.motif} ({self.debut:%d/%m/%Y} → {self.fin:%d/%m/%Y})"
