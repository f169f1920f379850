"""Forms of the booking side: only a name and a phone or an email are asked."""

import hashlib
import re

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from permanences.antiabus import AntiRobotForm
from permanences.creneaux import lire_valeur
from permanences.models import RendezVous
from permanences.services.rendezvous import MESSAGE_CRENEAU_INCONNU
from permanences.textes_publics import MESSAGE_CONTACT
from ruche.sms import sms_autorise

MESSAGE_CRENEAU = MESSAGE_CRENEAU_INCONNU


def normaliser_telephone(value):
    """A French number as 0612345678, another country's as +4915123456789; else an error."""
    compact = re.sub(r"[\s.\-/()]", "", value)
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        return compact
    if re.fullmatch(r"(\+|00)33[1-9]\d{8}", compact):
        return "0" + compact[-9:]
    if re.fullmatch(r"(\+|00)[1-9]\d{7,14}", compact):
        return "+" + compact.removeprefix("+").removeprefix("00")
    raise forms.ValidationError(
        _("Ce numéro n'est pas bon. Écrivez-le comme ceci : 06 12 34 56 78."), code="telephone"
    )


MESSAGE_PAYS = _(
    "Nous envoyons des SMS seulement en France et en outre-mer. "
    "Donnez un numéro français ou une adresse e-mail."
)


def _telephone_saisi(form):
    value = form.cleaned_data["telephone"].strip()
    return normaliser_telephone(value) if value else ""


def _aide_donnees():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Nous gardons votre nom et votre contact seulement pour ce rendez-vous."),
        reverse_lazy("donnees_personnelles"),
        _("Lire comment nous protégeons vos données"),
    )


class CoordonneesForm(AntiRobotForm):
    """Name, and a phone or an email; the data notice must be accepted."""

    nom = forms.CharField(
        label=_("Votre nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Écrivez votre nom.")},
    )
    telephone = forms.CharField(
        label=_("Votre téléphone"),
        max_length=30,
        required=False,
        help_text=_(
            "Nous vous envoyons un SMS (un message écrit sur le téléphone) "
            "pour vous rappeler le rendez-vous."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail (si vous en avez une)"),
        required=False,
        max_length=254,  # the model's: a longer one is refused here, beside the field
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Cette adresse e-mail n'est pas bonne. Exemple : nom@exemple.fr"),
            "max_length": _("Cette adresse e-mail est trop longue."),
        },
    )
    accepte = forms.BooleanField(
        label=_("J'accepte que l'on garde mon nom et mon contact pour ce rendez-vous."),
        help_text=lazy(_aide_donnees, str)(),
        error_messages={"required": _("Cochez cette case pour continuer.")},
    )

    CHAMPS = ("nom", "telephone", "email", "accepte")

    @property
    def cle_rendu(self):
        """Keys the cached rendering of the empty contact fields (the same for everyone);
        None once the form is bound: then it shows what was typed and its errors."""
        if self.is_bound:
            return None
        champs = [
            (nom, str(f.label), str(f.help_text), f.required, f.widget.attrs, self.initial.get(nom))
            for nom, f in self.fields.items()
            if nom in self.CHAMPS
        ]
        contenu = repr([type(self).__name__, get_language(), self.auto_id, self.prefix, champs])
        return hashlib.sha256(contenu.encode()).hexdigest()

    def clean_nom(self):
        nom = " ".join(self.cleaned_data["nom"].split())
        if not nom:
            raise forms.ValidationError(_("Écrivez votre nom."), code="required")
        return nom

    def clean_telephone(self):
        """A resident's own number gets text messages: only where they may be sent."""
        telephone = _telephone_saisi(self)
        if telephone and not sms_autorise(telephone):
            raise forms.ValidationError(MESSAGE_PAYS, code="pays")
        return telephone

    def clean(self):
        return exiger_contact(self, super().clean())


def contact(form):
    """The resident's name, phone and email from a valid form, as service arguments."""
    return {key: form.cleaned_data[key] for key in ("nom", "telephone", "email")}


def exiger_contact(form, cleaned):
    """A phone or an email: the message goes beside the phone field."""
    if not ({"telephone", "email"} & set(form.errors)) and not (
        cleaned.get("telephone") or cleaned.get("email")
    ):
        form.add_error("telephone", MESSAGE_CONTACT)
    return cleaned


class CreneauField(forms.CharField):
    """A posted slot value (`<occurrence>-<timestamp>`), read as (occurrence pk, aware start)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": MESSAGE_CRENEAU})
        super().__init__(max_length=40, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        parsed = lire_valeur(value)
        if parsed is None:
            raise forms.ValidationError(MESSAGE_CRENEAU, code="creneau")
        return parsed


class ReservationForm(CoordonneesForm):
    creneau = CreneauField()


class DeplacementForm(forms.Form):
    creneau = CreneauField()


class GuichetForm(forms.Form):
    """Staff and volunteers book for a resident (referred, on the phone, at the desk)."""

    creneau = forms.ChoiceField(
        label=_("Jour et heure"),
        error_messages={"required": MESSAGE_CRENEAU, "invalid_choice": MESSAGE_CRENEAU},
    )
    nom = CoordonneesForm.base_fields["nom"]
    telephone = CoordonneesForm.base_fields["telephone"]
    email = CoordonneesForm.base_fields["email"]
    canal = forms.ChoiceField(label=_("La personne a pris rendez-vous"))
    accepte = forms.BooleanField(
        label=_("La personne accepte que l'on garde son nom et son contact pour ce rendez-vous."),
        help_text=_("Lisez-lui cette phrase. Cochez seulement si elle a dit oui."),
        required=False,
    )

    clean_nom = CoordonneesForm.clean_nom
    # At the desk any number is kept to call the person back; texts go only where allowed.
    clean_telephone = _telephone_saisi

    def __init__(self, *args, creneaux=(), canaux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creneau"].choices = [("", _("Choisissez"))] + [
            (creneau.valeur, f"{creneau.debut:%d/%m/%Y %H:%M}") for creneau in creneaux
        ]
        self.fields["canal"].choices = [
            (value, label) for value, label in RendezVous.Canal.choices if value in canaux
        ]
        self.fields["telephone"].help_text = ""
        self.fields["email"].label = _("Adresse e-mail")
        self.fields["nom"].label = _("Nom de la personne")
        self.fields["telephone"].label = _("Téléphone")

    def clean_creneau(self):
        parsed = lire_valeur(self.cleaned_data["creneau"])
        if parsed is None:
            raise forms.ValidationError(MESSAGE_CRENEAU, code="creneau")
        return parsed

    def clean(self):
        return exiger_contact(self, super().clean())


class NotesForm(forms.ModelForm):
    class Meta:
        model = RendezVous
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
