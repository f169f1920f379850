from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from permanences.occurrences import chevauche
from ruche.models.lieu import champ_lieu
from ruche.perimetre import DuLieuQuerySet

# Why a room cannot be taken for a time: the codes of the one rule (`Salle.indisponibilite`),
# which every path that books a room applies, and their one wording.
INACTIVE = "inactive"
PRISE = "chevauchement"

_MESSAGES = {
    # (the room the field names, the room named with when)
    INACTIVE: (
        _("Cette salle n'est plus proposée."),
        _("La salle « %(salle)s » n'est plus proposée."),
    ),
    PRISE: (
        _("Cette salle est déjà réservée sur ce créneau."),
        _("La salle « %(salle)s » est déjà réservée sur ce créneau : %(quand)s."),
    ),
}


def message_salle(code, salle=None, quand=None):
    """The French sentence for a room that cannot be taken (`INACTIVE` or `PRISE`): as a
    field's error without `salle`; naming the room, and for a taken one when (`quand`, a
    date or a list of them as text), where the message stands in a list."""
    court, nomme = _MESSAGES[code]
    if salle is None:
        return court
    return nomme % {"salle": salle, "quand": quand}


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

    def indisponibilite(self, debut, fin, occupees=()):
        """Why the room cannot be taken for [debut, fin) given its busy intervals
        `occupees` (INACTIVE, PRISE), or None when it can."""
        if not self.active:
            return INACTIVE
        if chevauche(debut, fin, occupees):
            return PRISE
        return None
