from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.models import Lieu, Organisation, Passage
from ruche.perimetre import CHOISIR_LIEU

OUI_NON = [("", _("Ne sait pas")), ("oui", _("Oui")), ("non", _("Non"))]


class PremiereVisiteField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=OUI_NON,
            coerce=lambda v: v == "oui",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            label=_("Première visite ?"),
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "oui", False: "non"}.get(value, value)


class PassageForm(forms.ModelForm):
    """The details of a visit; the kind of support comes from the button pressed."""

    premiere_visite = PremiereVisiteField()

    class Meta:
        model = Passage
        fields = ["accompagnement", "theme", "partenaire", "tranche_age", "premiere_visite"]
        labels = {"theme": _("Démarche (facultatif)"), "partenaire": _("Partenaire")}
        widgets = {"tranche_age": forms.RadioSelect}

    def __init__(self, *args, lieux=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lieux is not None and len(lieux) > 1:
            # Someone who works for several places says where the person came.
            self.fields["lieu"] = forms.ModelChoiceField(
                label=_("Lieu"),
                queryset=lieux,
                empty_label=_("Choisissez"),
                error_messages={
                    "required": CHOISIR_LIEU,
                    "invalid_choice": _("Choisissez un lieu dans la liste."),
                },
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.order_fields(["lieu"])
        self.fields["accompagnement"].error_messages["required"] = _(
            "Appuyez sur un des boutons pour dire le type d'accompagnement."
        )
        self.fields["theme"].choices = [("", _("— Pas précisée —")), *Passage.Theme.choices]
        self.fields["tranche_age"].choices = [("", _("Ne sait pas")), *Passage.TrancheAge.choices]
        partenaires = Organisation.objects.filter(est_la_ruche=False)
        if lieux is not None and Lieu.objects.count() > 1:
            # Another place's partners are none of this desk's business.
            partenaires = partenaires.filter(conventions__convention__lieu__in=lieux).distinct()
        self.fields["partenaire"].queryset = partenaires
        self.fields["partenaire"].empty_label = _("— Aucun —")
        for nom in ("theme", "partenaire"):
            self.fields[nom].widget.attrs["class"] = "form-select"
        for nom in ("tranche_age", "premiere_visite"):
            self.fields[nom].widget.attrs["class"] = "form-check-input"


class CorrectionForm(PassageForm):
    motif = forms.CharField(
        label=_("Motif de la correction"),
        required=False,
        max_length=200,
        help_text=_("Obligatoire après le jour de la saisie : il est gardé dans l'historique."),
    )

    def __init__(self, *args, motif_requis=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].required = motif_requis
        self.fields["accompagnement"].widget = forms.RadioSelect(
            choices=Passage.Accompagnement.choices, attrs={"class": "form-check-input"}
        )
        self.fields["motif"].widget.attrs["class"] = "form-control"
        self.fields["accompagnement"].label = _("Type d'accompagnement")


class SuppressionForm(forms.Form):
    motif = forms.CharField(label=_("Motif de la suppression"), required=False, max_length=200)

    def __init__(self, *args, motif_requis=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].required = motif_requis
        self.fields["motif"].widget.attrs["class"] = "form-control"
