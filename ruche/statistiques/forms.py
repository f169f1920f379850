from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.periodes import Periode

PREMIERE_ANNEE = 2020  # La Ruche numérique opened in 2020.
DERNIERE_ANNEE = 2100
DUREE_MAXIMALE = timedelta(days=5 * 366)


def annees():
    return list(range(timezone.localdate().year, PREMIERE_ANNEE - 1, -1))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodeForm(forms.Form):
    """A year, or a range of dates (which wins when given). Empty: the current year."""

    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False)
    debut = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    fin = forms.DateField(label=_("Au"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(a, str(a)) for a in annees()]
        for nom in ("debut", "fin"):
            self.fields[nom].error_messages["invalid"] = _(
                "Cette date n'est pas valable : écrivez-la comme 31/12/2025."
            )
        self.fields["annee"].error_messages["invalid_choice"] = _(
            "Choisissez une année dans la liste."
        )

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if self.errors:
            return donnees
        if debut or fin:
            if not debut:
                raise ValidationError({"debut": _("Indiquez aussi le premier jour.")})
            if not fin:
                raise ValidationError({"fin": _("Indiquez aussi le dernier jour.")})
            if fin < debut:
                raise ValidationError({"fin": _("Le dernier jour vient avant le premier.")})
            if (
                fin - debut > DUREE_MAXIMALE
                or debut < date(PREMIERE_ANNEE, 1, 1)
                or fin > date(DERNIERE_ANNEE, 12, 31)
            ):
                raise ValidationError(
                    {"debut": _("Choisissez une période d'au plus cinq ans, depuis 2020.")}
                )
            donnees["periode"] = Periode(debut, fin)
        else:
            donnees["periode"] = Periode.annee(donnees.get("annee") or timezone.localdate().year)
        return donnees
