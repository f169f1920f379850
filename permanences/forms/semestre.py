"""Forms of the semester drafted by the association, and of the Ruche's answer."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from permanences.models import Demarche, Permanence, Salle
from ruche.models import Utilisateur


class PermanenceHebdomadaireForm(forms.Form):
    """One weekly permanence of a draft: day, hours, room wanted, démarches, volunteers."""

    jour_semaine = forms.TypedChoiceField(
        label=_("Jour"),
        coerce=int,
        choices=[("", _("Choisissez"))] + list(Permanence.JourSemaine.choices),
        error_messages={
            "required": _("Choisissez le jour."),
            "invalid_choice": _("Choisissez un jour dans la liste."),
        },
    )
    heure_debut = forms.TimeField(
        label=_("Début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Donnez l'heure de début."),
            "invalid": _("Écrivez l'heure comme ceci : 09:00."),
        },
    )
    heure_fin = forms.TimeField(
        label=_("Fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Donnez l'heure de fin."),
            "invalid": _("Écrivez l'heure comme ceci : 12:00."),
        },
    )
    salle = forms.ModelChoiceField(
        label=_("Salle souhaitée"),
        queryset=Salle.objects.none(),
        empty_label=_("Choisissez"),
        error_messages={
            "required": _("Choisissez une salle."),
            "invalid_choice": _("Choisissez une salle dans la liste."),
        },
    )
    accueil = forms.ChoiceField(
        label=_("Accueil"),
        choices=Permanence.Accueil.choices,
        initial=Permanence.Accueil.LES_DEUX,
        error_messages={"invalid_choice": _("Choisissez dans la liste.")},
    )
    demarches = forms.ModelMultipleChoiceField(
        label=_("Démarches"),
        queryset=Demarche.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choisissez dans la liste."),
            "invalid_pk_value": _("Choisissez dans la liste."),
        },
    )
    intervenants = forms.ModelMultipleChoiceField(
        label=_("Bénévoles"),
        queryset=Utilisateur.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choisissez dans la liste."),
            "invalid_pk_value": _("Choisissez dans la liste."),
        },
    )

    def __init__(self, *args, organisation, lieu=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The rooms and démarches of the calendar's place: another place has rooms of the
        # same names.
        salles, demarches = Salle.objects.actives(), Demarche.objects.actives()
        if lieu is not None:
            salles, demarches = salles.filter(lieu=lieu), demarches.filter(lieu=lieu)
        self.fields["salle"].queryset = salles.order_by("nom")
        self.fields["demarches"].queryset = demarches
        self.fields["intervenants"].queryset = organisation.membres.filter(is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["intervenants"].label_from_instance = lambda utilisateur: (
            utilisateur.get_full_name() or utilisateur.username
        )

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("heure_debut"), cleaned.get("heure_fin")
        if debut and fin and fin <= debut:
            self.add_error("heure_fin", _("L'heure de fin doit être après l'heure de début."))
        return cleaned

    @classmethod
    def initial_de(cls, permanence):
        return {
            "jour_semaine": permanence.jour_semaine,
            "heure_debut": permanence.heure_debut,
            "heure_fin": permanence.heure_fin,
            "salle": permanence.salle_id,
            "accueil": permanence.accueil,
            "demarches": list(permanence.demarches.values_list("pk", flat=True)),
            "intervenants": list(permanence.intervenants.values_list("pk", flat=True)),
        }


class RenvoiForm(forms.Form):
    commentaire = forms.CharField(
        label=_("Ce qu'il faut changer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites ce qu'il faut changer.")},
    )


class ChampDates(forms.Field):
    """Several ISO dates posted under one name (the boxes ticked); bad ones are refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({dt.date.fromisoformat(jour) for jour in value})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Choisissez des dates dans la liste."), code="invalid") from exc


class SauterDatesForm(forms.Form):
    """The dates a weekly permanence skips: those ticked under a conflict, or one typed."""

    dates = ChampDates(required=False)
    autre = forms.DateField(
        label=_("Date sans permanence"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Écrivez la date comme ceci : 05/03/2030.")},
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        jours = set(cleaned.get("dates") or [])
        if cleaned.get("autre"):
            jours.add(cleaned["autre"])
        if not jours:
            raise ValidationError(_("Cochez une date, ou écrivez-en une."), code="vide")
        cleaned["jours"] = sorted(jours)
        return cleaned
