from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGE_CODE_POSTAL = _("Écrivez les 5 chiffres de votre code postal. Par exemple : 30200.")


class CodePostalForm(forms.Form):
    """The postcode a resident may give to see the nearest places first (nothing kept)."""

    code_postal = forms.CharField(
        label=_("Votre code postal"),
        required=False,
        max_length=10,
        error_messages={"max_length": MESSAGE_CODE_POSTAL},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 6}
        ),
    )

    def clean_code_postal(self):
        code = "".join(self.cleaned_data["code_postal"].split())
        if not code:
            return ""
        if len(code) != 5 or not code.isdecimal():
            raise ValidationError(MESSAGE_CODE_POSTAL, code="code_postal")
        return f"{int(code):05d}"  # digits typed in another script (Arabic-Indic…) as 0-9
