"""Article 4: a meeting of the parties, and what they add to the report's Article 2."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenariats.forms import EvenementForm
from partenariats.models import Rencontre
from ruche.langues import nom_en_phrase


class RencontreForm(EvenementForm):
    class Meta:
        model = Rencontre
        fields = ["date", "participants_ruche", "participants_partenaire", "notes", "suites"]
        widgets = {
            "participants_ruche": forms.Textarea(attrs={"rows": 2}),
            "participants_partenaire": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "suites": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants_ruche"].label = _("Participants pour %(lieu)s") % {
            "lieu": nom_en_phrase(self.instance.convention.lieu.nom)
        }


class ComplementsForm(forms.Form):
    """One text per commitment the person may complete, for the year's report."""

    def __init__(self, *args, lignes, **kwargs):
        super().__init__(*args, **kwargs)
        self.lignes = lignes
        for ligne in lignes:
            self.fields[f"engagement_{ligne.engagement.pk}"] = forms.CharField(
                label=ligne.engagement.texte.rstrip(",."),
                help_text=ligne.question,
                required=False,
                max_length=4000,
                initial=ligne.complement.texte if ligne.complement else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def textes(self):
        """{engagement: text typed} of the commitments shown."""
        return {
            ligne.engagement: self.cleaned_data[f"engagement_{ligne.engagement.pk}"].strip()
            for ligne in self.lignes
        }
