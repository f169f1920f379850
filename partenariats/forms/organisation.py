from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.models import Organisation


class LogoForm(forms.ModelForm):
    """An organisation's own logo (Article 5); the model's validator refuses anything but a
    PNG, a JPEG or an SVG without scripts, beside the field."""

    class Meta:
        model = Organisation
        fields = ["logo"]
        widgets = {
            "logo": forms.FileInput(attrs={"accept": ".png,.svg,.jpg,.jpeg"}),
        }
        help_texts = {
            "logo": _(
                "Un fichier PNG ou SVG (JPEG accepté). Un SVG ne doit contenir ni script ni "
                "lien vers un autre site."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].required = True
        self.fields["logo"].error_messages["required"] = _("Choisissez le fichier du logo.")
