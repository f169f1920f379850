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


class FermetureQuerySet(DuLieuQuerySet):
    def touchant(self, start, end):
        """Closures that overlap the dates [start, end]."""
        return self.filter(debut__lte=end, fin__gte=start)


class Fermeture(models.Model):
    """A day or a range of days when a place is closed: every room of it is blocked. Closures
    are the exceptions to the place's weekly opening hours (ruche.HoraireOuverture)."""

    lieu = champ_lieu("fermetures")
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
