"""A communication document deposited by staff or a partner's volunteer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenariats.models import Convention, DocumentCommunication


class DepotDocumentForm(forms.ModelForm):
    convention = forms.ModelChoiceField(
        label=_("Convention"),
        queryset=Convention.objects.none(),
        error_messages={"invalid_choice": _("Choisissez une convention de la liste.")},
    )

    class Meta:
        model = DocumentCommunication
        fields = ["convention", "titre", "nature", "fichier"]
        widgets = {"fichier": forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})}

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions
        premieres = list(conventions[:2])
        if len(premieres) == 1:
            self.fields["convention"].initial = premieres[0].pk
