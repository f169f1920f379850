"""The follow-up committee: planning (staff), then the record (staff or the committee)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenariats.forms import ChampDate, EvenementForm
from partenariats.models import ComiteNonTenu, ComiteSuivi


class PlanificationComiteForm(EvenementForm):
    class Meta:
        model = ComiteSuivi
        fields = ["date", "heure", "lieu"]
        widgets = {"heure": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {"heure": {"invalid": _("Heure non reconnue. Écrivez-la ainsi : 14:30.")}}


class CompteRenduComiteForm(EvenementForm):
    class Meta:
        model = ComiteSuivi
        fields = [
            "participants",
            "accord_ruche",
            "accord_association",
            "compte_rendu",
            "compte_rendu_pdf",
            "annee_rapport",
        ]
        widgets = {
            "participants": forms.Textarea(attrs={"rows": 4}),
            "compte_rendu": forms.Textarea(attrs={"rows": 8}),
            "compte_rendu_pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }
        help_texts = {
            "annee_rapport": ComiteSuivi.AIDE_ANNEE_RAPPORT,
            "compte_rendu": _("Ou déposez le compte rendu signé en PDF ci-dessous."),
        }

    def clean(self):
        donnees = super().clean()
        if self.instance.date and self.instance.date > timezone.localdate():
            accords = {donnees.get("accord_ruche"), donnees.get("accord_association")}
            if accords - {ComiteSuivi.Accord.EN_ATTENTE, None}:
                self.add_error(
                    "accord_ruche",
                    _("Ce comité n'a pas encore eu lieu : aucune partie n'a pu décider."),
                )
        return donnees


class ComiteNonTenuForm(forms.ModelForm):
    class Meta:
        model = ComiteNonTenu
        fields = ["explication"]
        widgets = {"explication": forms.Textarea(attrs={"rows": 4})}


__all__ = ["ChampDate", "CompteRenduComiteForm", "ComiteNonTenuForm", "PlanificationComiteForm"]
