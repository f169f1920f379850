"""Ending a convention by a termination: its date and reason, checked by the model."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partenariats.forms import DATE_INVALIDE, ChampDate, annee_plausible
from partenariats.models import Resiliation


class ResiliationFinForm(forms.Form):
    date = forms.DateField(
        label=_("Premier jour où la convention ne s'applique plus"),
        widget=ChampDate(),
        validators=[annee_plausible],
        error_messages={"invalid": DATE_INVALIDE, "required": _("Indiquez la date.")},
    )
    motif = forms.CharField(
        label=_("Motif de la résiliation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Dites pourquoi la convention est résiliée.")},
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        resiliation = Resiliation(
            convention=self.convention, date=cleaned["date"], motif=cleaned["motif"]
        )
        try:
            resiliation.full_clean(exclude=["convention"], validate_unique=False)
        except ValidationError as exc:
            for champ, erreurs in exc.message_dict.items():
                self.add_error(champ if champ in self.fields else None, erreurs)
        return cleaned
