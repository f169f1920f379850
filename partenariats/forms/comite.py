"""The follow-up committee: planning (staff), then the record (staff or the committee)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenariats.forms import ChampDate, EvenementForm
from partenariats.models import ComiteNonTenu, ComiteSuivi
from ruche.langues import nom_en_phrase


class PlanificationComiteForm(EvenementForm):
    class Meta:
        model = ComiteSuivi
        fields = ["date", "heure", "lieu"]
        widgets = {"heure": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {"heure": {"invalid": _("Heure non reconnue. Écrivez-la ainsi : 14:30.")}}


class CompteRenduComiteForm(EvenementForm):
    """The minutes, and the Ruche's answer on renewal when the person speaks for the Ruche.
    The association records its own answer (AccordForm)."""

    class Meta:
        model = ComiteSuivi
        fields = [
            "participants",
            "accord_ruche",
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
            "accord_ruche": _(
                "L'association donne sa propre réponse depuis son espace : elle n'est pas "
                "saisie ici."
            ),
        }

    def __init__(self, *args, accord_ruche=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not accord_ruche:
            del self.fields["accord_ruche"]
        else:
            self.fields["accord_ruche"].label = _("Accord de %(lieu)s") % {
                "lieu": nom_en_phrase(self.instance.convention.lieu.nom)
            }

    def clean(self):
        donnees = super().clean()
        a_venir = self.instance.date and self.instance.date > timezone.localdate()
        if a_venir and donnees.get("accord_ruche") not in (ComiteSuivi.Accord.EN_ATTENTE, None):
            self.add_error(
                "accord_ruche",
                _("Ce comité n'a pas encore eu lieu : aucune partie n'a pu décider."),
            )
        return donnees


class AccordForm(forms.Form):
    """A party's own answer on renewal, given by one of its representatives."""

    accord = forms.ChoiceField(
        label=_("Votre réponse sur la reconduction"),
        choices=[
            (ComiteSuivi.Accord.ACCORD, _("D'accord pour reconduire")),
            (ComiteSuivi.Accord.REFUS, _("Refuser la reconduction")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )


class ComiteNonTenuForm(forms.ModelForm):
    class Meta:
        model = ComiteNonTenu
        fields = ["explication"]
        widgets = {"explication": forms.Textarea(attrs={"rows": 4})}


__all__ = [
    "AccordForm",
    "ChampDate",
    "CompteRenduComiteForm",
    "ComiteNonTenuForm",
    "PlanificationComiteForm",
]
