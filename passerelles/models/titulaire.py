"""What a key and a webhook subscription belong to: one partner organisation, or one place."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

UN_TITULAIRE = _("Choisissez une organisation ou un lieu, pas les deux.")


class Titulaire(models.Model):
    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Elle voit ce que voient ses membres : ses permanences, rendez-vous, ateliers."
        ),
    )
    lieu = models.ForeignKey(
        "ruche.Lieu",
        verbose_name=_("lieu"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Il voit ce que voit le personnel du lieu : toute son activité."),
    )

    class Meta:
        abstract = True

    @staticmethod
    def contrainte(nom):
        return models.CheckConstraint(
            condition=Q(organisation__isnull=True, lieu__isnull=False)
            | Q(organisation__isnull=False, lieu__isnull=True),
            name=nom,
            violation_error_message=UN_TITULAIRE,
        )

    def clean(self):
        if bool(self.organisation_id) == bool(self.lieu_id):
            raise ValidationError(UN_TITULAIRE)

    @property
    def titulaire(self):
        return self.organisation if self.organisation_id else self.lieu
