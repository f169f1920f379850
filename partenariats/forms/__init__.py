"""Staff forms: each field checked by the model, errors shown beside the field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partenariats.models import (
    ArticleAvenant,
    Avenant,
    Convention,
    DocumentCommunication,
    Manquement,
)
from ruche.langues import nom_en_phrase


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATE_INVALIDE = _("Date non reconnue. Écrivez-la ainsi : 26/11/2026, ou choisissez-la.")


def annee_plausible(jour):
    """Far years are refused here: the convention's term arithmetic would overflow on them."""
    if not 2000 <= jour.year <= 2200:
        raise ValidationError(_("Cette date est trop loin : vérifiez l'année."))


class DateConsolidationForm(forms.Form):
    """The day at which the consolidated text is read (?date=YYYY-MM-DD)."""

    date = forms.DateField(
        label=_("Texte en vigueur le"),
        required=False,
        widget=ChampDate(),
        error_messages={"invalid": DATE_INVALIDE},
        validators=[annee_plausible],
    )


class EvenementForm(forms.ModelForm):
    """Dates typed as a date picker; French error on a malformed or far date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = ChampDate()
                field.error_messages["invalid"] = DATE_INVALIDE
                field.validators.append(annee_plausible)


class AvenantForm(EvenementForm):
    class Meta:
        model = Avenant
        fields = [
            "date",
            "prend_effet_le",
            "motif",
            "nouvelle_fin",
            "nouvelle_duree_mois",
            "sans_reconduction",
        ]
        widgets = {"motif": forms.Textarea(attrs={"rows": 3})}


ArticleAvenantFormSet = forms.inlineformset_factory(
    Avenant,
    ArticleAvenant,
    fields=["numero", "titre", "texte"],
    extra=2,
    min_num=1,
    validate_min=True,
    can_delete=False,
    widgets={"texte": forms.Textarea(attrs={"rows": 6})},
    error_messages={},
)


class ManquementForm(EvenementForm):
    """The Ruche's notice: a breach of its internal rules (Article 3), or the association's
    failure of its commitments (Article 6), naming those of its list it did not keep."""

    class Meta:
        model = Manquement
        fields = ["article", "notifie_le", "recue_le", "engagements", "description"]
        widgets = {"article": forms.RadioSelect, "engagements": forms.CheckboxSelectMultiple}

    def __init__(self, *args, engagements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagements"].queryset = engagements
        self.fields["engagements"].label_from_instance = lambda e: e.texte.rstrip(",.")


class ManquementPartenaireForm(ManquementForm):
    """The association's notice of a failure of the Ruche's commitments (Article 6)."""

    class Meta(ManquementForm.Meta):
        fields = ["notifie_le", "recue_le", "engagements", "description"]
        help_texts = {
            "notifie_le": _("Le jour où la lettre recommandée part."),
            "description": _("Ce qui s'est passé, avec les dates : la lettre le reprend."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lieu = nom_en_phrase(self.instance.convention.lieu.nom)
        self.fields["engagements"].label = _(
            "Les engagements de %(lieu)s qui ne sont pas tenus"
        ) % {"lieu": lieu}
        self.fields["engagements"].required = True
        self.fields["engagements"].error_messages["required"] = _(
            "Cochez au moins un engagement de %(lieu)s."
        ) % {"lieu": lieu}


class ReceptionForm(EvenementForm):
    """The acknowledgement of receipt came back: from that day the notification runs."""

    class Meta:
        model = Manquement
        fields = ["recue_le"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recue_le"].required = True


class RemedeForm(EvenementForm):
    """Both parties note that the failure was remedied before the lapse (Article 6)."""

    class Meta:
        model = Manquement
        fields = ["remediee_le", "remede"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remediee_le"].required = True
        self.fields["remede"].required = True


class ScanForm(forms.ModelForm):
    class Meta:
        model = Convention
        fields = ["scan_signe"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan_signe"].required = True
        self.fields["scan_signe"].widget = forms.FileInput(attrs={"accept": "application/pdf"})


class DocumentCommunicationForm(EvenementForm):
    class Meta:
        model = DocumentCommunication
        fields = ["titre", "nature", "fichier"]
        widgets = {"fichier": forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})}
