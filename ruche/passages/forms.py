from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.models import DetailsMediation, Operateur, Organisation, Passage, ThemeOperateur
from ruche.models.lieu import plusieurs_lieux
from ruche.models.mediation import Materiel, ThematiqueMediation
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


def choix_france_services():
    """The operators offered, each with "theme not given" then its themes, as option
    groups: one list, no script needed to narrow the themes to the operator. Two queries,
    run only when the list is shown or checked."""
    themes = {}
    for theme in ThemeOperateur.objects.actifs().order_by("ordre", "nom"):
        themes.setdefault(theme.operateur_id, []).append((f"t{theme.pk}", theme.nom))
    return [
        ("", _("— Aucun opérateur —")),
        *(
            (
                operateur.nom,
                [
                    (f"o{operateur.pk}", _("%(nom)s, thème non précisé") % {"nom": operateur.nom}),
                    *themes.get(operateur.pk, []),
                ],
            )
            for operateur in Operateur.objects.actifs()
        ),
    ]


def valeur_france_services(passage):
    """The list's value of a visit's operator and theme."""
    if passage.theme_operateur_id:
        return f"t{passage.theme_operateur_id}"
    if passage.operateur_id:
        return f"o{passage.operateur_id}"
    return ""


class PassageForm(forms.ModelForm):
    """The details of a visit; the kind of support comes from the button pressed."""

    premiere_visite = PremiereVisiteField()
    france_services = forms.ChoiceField(
        label=_("Opérateur et thème (facultatif)"),
        choices=choix_france_services,
        required=False,
        error_messages={"invalid_choice": _("Choisissez un opérateur ou un thème de la liste.")},
    )

    class Meta:
        model = Passage
        fields = [
            "accompagnement",
            "issue",
            "transmission",
            "partenaire",
            "tranche_age",
            "premiere_visite",
        ]
        labels = {
            "partenaire": _("Partenaire"),
            "issue": _("Suite donnée (facultatif)"),
            "transmission": _("Si transmis : comment ?"),
        }
        widgets = {
            "tranche_age": forms.RadioSelect,
            "issue": forms.RadioSelect,
            "transmission": forms.RadioSelect,
        }

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
        self.order_fields(["lieu", "france_services"])
        if self.instance.pk:
            self.initial.setdefault("france_services", valeur_france_services(self.instance))
        self.fields["issue"].choices = [("", _("Non renseignée")), *Passage.Issue.choices]
        self.fields["transmission"].choices = [
            ("", _("Non renseigné")),
            *Passage.Transmission.choices,
        ]
        self.fields["tranche_age"].choices = [("", _("Ne sait pas")), *Passage.TrancheAge.choices]
        partenaires = Organisation.objects.filter(est_la_ruche=False)
        if lieux is not None and plusieurs_lieux():
            # Another place's partners are none of this desk's business.
            partenaires = partenaires.filter(conventions__convention__lieu__in=lieux).distinct()
        self.fields["partenaire"].queryset = partenaires
        self.fields["partenaire"].empty_label = _("— Aucun —")
        for nom in ("france_services", "partenaire"):
            self.fields[nom].widget.attrs["class"] = "form-select"
        for nom in ("tranche_age", "premiere_visite", "issue", "transmission"):
            self.fields[nom].widget.attrs["class"] = "form-check-input"

    def clean(self):
        donnees = super().clean()
        valeur = donnees.pop("france_services", "") or ""
        donnees["operateur"], donnees["theme_operateur"] = None, None
        if valeur.startswith("t"):
            theme = ThemeOperateur.objects.select_related("operateur").get(pk=valeur[1:])
            donnees["operateur"], donnees["theme_operateur"] = theme.operateur, theme
        elif valeur.startswith("o"):
            donnees["operateur"] = Operateur.objects.get(pk=valeur[1:])
        if donnees.get("transmission") and donnees.get("issue") != Passage.Issue.TRANSMIS:
            self.add_error(
                "transmission",
                _("Le moyen de transmission ne va qu'avec « Transmis à l'opérateur »."),
            )
        return donnees

    def _post_clean(self):
        # The operator and theme come from the one list (clean): put them on the visit
        # before the model checks it.
        self.instance.operateur = self.cleaned_data.get("operateur")
        self.instance.theme_operateur = self.cleaned_data.get("theme_operateur")
        super()._post_clean()


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


class DetailsMediationForm(forms.ModelForm):
    """The mediation network's fields of one visit, all optional."""

    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques"),
        choices=ThematiqueMediation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materiel = forms.MultipleChoiceField(
        label=_("Matériel utilisé"),
        choices=Materiel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DetailsMediation
        fields = [
            "type",
            "duree_minutes",
            "thematiques",
            "autonomie",
            "materiel",
            "suite",
            "structure_redirection",
            "tranche_age",
            "genre",
            "commune",
        ]
        widgets = dict.fromkeys(
            ("type", "autonomie", "suite", "tranche_age", "genre"), forms.RadioSelect
        )
        help_texts = {
            "commune": _("La commune où la personne habite, sans son adresse."),
            "genre": _("Seulement si la personne l'a dit : ne le devinez pas."),
        }

    def __init__(self, *args, passage=None, **kwargs):
        super().__init__(*args, **kwargs)
        if passage is not None:
            self.instance.passage = passage
        for nom in ("type", "autonomie", "suite", "tranche_age", "genre"):
            champ = self.fields[nom]
            champ.choices = [("", _("Non renseigné")), *list(champ.choices)[1:]]
            champ.widget.attrs["class"] = "form-check-input"
        for nom in ("thematiques", "materiel"):
            self.fields[nom].widget.attrs["class"] = "form-check-input"
        self.fields["structure_redirection"].widget.attrs["class"] = "form-select"
        self.fields["structure_redirection"].choices = [
            ("", _("— Pas d'orientation —")),
            *list(self.fields["structure_redirection"].choices)[1:],
        ]
        for nom in ("duree_minutes", "commune"):
            self.fields[nom].widget.attrs["class"] = "form-control"
        self.fields["duree_minutes"].widget.attrs.update(min=1, max=600)
