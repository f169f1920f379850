from django import forms
from django.utils.translation import gettext_lazy as _

from permanences.models import Demarche, Permanence, Salle
from ruche.models import Organisation, Utilisateur
from ruche.roles import BENEVOLE


class SalleChoice(forms.ModelChoiceField):
    def label_from_instance(self, salle):
        return _("%(nom)s (%(places)s places)") % {"nom": salle.nom, "places": salle.capacite}


class ReservationPonctuelleForm(forms.Form):
    """Book a room for an extra permanence. Staff choose the organisation; volunteers don't."""

    organisation = forms.ModelChoiceField(
        label=_("Pour quelle association ?"),
        queryset=Organisation.objects.filter(est_la_ruche=False),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    heure_debut = forms.TimeField(
        label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    heure_fin = forms.TimeField(
        label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    salle = SalleChoice(
        label=_("Salle"), queryset=Salle.objects.actives(), widget=forms.RadioSelect
    )
    demarches = forms.ModelMultipleChoiceField(
        label=_("Pour quelles démarches ?"),
        queryset=Demarche.objects.actives(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    intervenants = forms.ModelMultipleChoiceField(
        label=_("Qui tient la permanence ?"),
        queryset=Utilisateur.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accueil = forms.ChoiceField(
        label=_("Les personnes viennent"),
        choices=Permanence.Accueil.choices,
        initial=Permanence.Accueil.LES_DEUX,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, utilisateur, voit_tout, **kwargs):
        super().__init__(*args, **kwargs)
        if voit_tout:
            del self.fields["intervenants"]
            # Staff book the rooms of their places, for the partners of their places.
            self.fields["organisation"].queryset = Organisation.objects.des_lieux_de(
                utilisateur
            ).filter(est_la_ruche=False)
            self.fields["salle"].queryset = Salle.objects.actives().des_lieux_de(utilisateur)
            self.fields["demarches"].queryset = Demarche.objects.actives().des_lieux_de(utilisateur)
        else:
            del self.fields["organisation"]
            self.fields["intervenants"].queryset = Utilisateur.objects.filter(
                organisation_id=utilisateur.organisation_id, is_active=True, groups__name=BENEVOLE
            ).order_by("first_name", "last_name")
            self.fields["intervenants"].label_from_instance = lambda person: (
                person.get_full_name() or person.username
            )

    def clean(self):
        data = super().clean()
        debut, fin = data.get("heure_debut"), data.get("heure_fin")
        if debut and fin and fin <= debut:
            self.add_error("heure_fin", _("L'heure de fin doit être après l'heure de début."))
        return data


class AnnulationForm(forms.Form):
    motif = forms.CharField(
        label=_("Pourquoi la permanence n'a pas lieu ?"),
        help_text=_("Une phrase suffit. Les agents de la Ruche la liront."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
