"""Article 4: "Régulièrement, les deux parties se rencontreront pour évaluer ensemble le
travail réalisé." Meetings between the parties beside the yearly committee, recorded by
either party, shown in the annual report's review meetings (temps de bilan)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats.models.vie import Evenement, hors_vigueur
from ruche.formats import date_longue


class Rencontre(Evenement):
    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="rencontres",
        verbose_name=_("convention"),
    )
    date = models.DateField(_("date de la rencontre"))
    participants_ruche = models.TextField(
        _("participants pour la Ruche numérique"), help_text=_("Une personne par ligne.")
    )
    participants_partenaire = models.TextField(
        _("participants pour l'association"), help_text=_("Une personne par ligne.")
    )
    notes = models.TextField(_("ce qui a été évalué ensemble"))
    suites = models.TextField(_("suites à donner"), blank=True)
    enregistree_par = models.CharField(
        _("enregistrée par"), max_length=200, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencontre entre les parties")
        verbose_name_plural = _("rencontres entre les parties")
        ordering = ["convention", "date", "pk"]

    def __str__(self):
        return f"Rencontre du {date_longue(self.date)}"

    def clean(self):
        if self.date is None:
            return
        if self.date > timezone.localdate():
            raise ValidationError({"date": _("Notez la rencontre une fois qu'elle a eu lieu.")})
        if self.convention_id is not None:
            probleme = hors_vigueur(self.convention, self.date)
            if probleme:
                raise ValidationError(
                    {
                        "date": _("Une rencontre se tient pendant la convention. %(probleme)s")
                        % {"probleme": probleme}
                    }
                )
