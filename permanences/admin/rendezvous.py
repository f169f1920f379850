"""Admin of appointments, reminders, workshops and registrations.

Notes on appointments stay out of the admin: they belong to the organisation that receives
the person, not to the Ruche staff.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from permanences.models import Atelier, Inscription, Rappel, RendezVous, ReservationSalle
from permanences.services.ateliers import creer_atelier
from permanences.services.salles import codes, fermeture_du_jour


class SansNotes(HistoricalRecordContextHelper):
    """The history page lists what changed, old → new: the notes are left out of it."""

    def context_for_delta_changes(self, delta):
        return [
            change
            for change, raw in zip(
                super().context_for_delta_changes(delta), delta.changes, strict=True
            )
            if raw.field != "notes"
        ]


@admin.register(RendezVous)
class RendezVousAdmin(SimpleHistoryAdmin):
    list_display = ("debut", "nom", "demarche", "statut", "canal", "occurrence")
    list_filter = ("statut", "canal", "demarche")
    list_select_related = ("demarche", "occurrence__permanence__salle")
    search_fields = ("nom", "telephone", "email")
    date_hierarchy = "debut"
    exclude = ("notes",)
    readonly_fields = ("occurrence", "debut", "fin", "cree_par", "cree_le", "anonymise_le")
    raw_id_fields = ("demarche",)

    def get_historical_record_context_helper(self, request, historical_record):
        return SansNotes(self.model, historical_record)


@admin.register(Rappel)
class RappelAdmin(admin.ModelAdmin):
    list_display = ("rendez_vous", "type", "envoye_le")
    list_select_related = ("rendez_vous__demarche",)
    readonly_fields = ("rendez_vous", "type", "envoye_le")

    def has_add_permission(self, request):
        return False


class InscriptionInline(admin.TabularInline):
    model = Inscription
    extra = 0
    fields = ("nom", "telephone", "email", "statut", "position", "cree_le")
    readonly_fields = ("nom", "telephone", "email", "position", "cree_le")
    can_delete = False
    ordering = ("statut", "position", "cree_le")

    def has_add_permission(self, request, obj=None):
        # Registrations go through the public form, so places and waiting list stay right.
        return False


class AtelierAdminForm(forms.ModelForm):
    class Meta:
        model = Atelier
        fields = [
            "titre",
            "description",
            "public",
            "organisation",
            "salle",
            "debut",
            "fin",
            "capacite",
        ]

    def clean(self):
        cleaned = super().clean()
        salle, debut, fin = cleaned.get("salle"), cleaned.get("debut"), cleaned.get("fin")
        if not (salle and debut and fin and cleaned.get("organisation")):
            return cleaned
        fermeture = fermeture_du_jour(debut.date())
        if fermeture is not None:
            raise ValidationError(
                _("La Ruche est fermée ce jour-là (%(motif)s).") % {"motif": fermeture.motif}
            )
        reservation = self.instance.reservation if self.instance.pk else ReservationSalle()
        reservation.salle, reservation.debut, reservation.fin = salle, debut, fin
        reservation.organisation = cleaned["organisation"]
        reservation.objet = ReservationSalle.Objet.ATELIER
        try:
            reservation.full_clean()
        except ValidationError as exc:
            if "hors_convention" in codes(exc):
                self.add_error("debut", exc.messages)
                return cleaned
            raise ValidationError(exc.messages) from exc
        return cleaned

    def _post_clean(self):
        # The room booking does not exist yet for a new workshop: validated in save_model.
        if self.instance.pk:
            super()._post_clean()


@admin.register(Atelier)
class AtelierAdmin(SimpleHistoryAdmin):
    form = AtelierAdminForm
    list_display = ("titre", "debut", "salle", "capacite", "public", "organisation")
    list_filter = ("public", "organisation")
    list_select_related = ("salle", "organisation")
    date_hierarchy = "debut"
    inlines = [InscriptionInline]

    def save_model(self, request, obj, form, change):
        if change:
            reservation = obj.reservation
            reservation.salle, reservation.debut, reservation.fin = obj.salle, obj.debut, obj.fin
            reservation.organisation = obj.organisation
            reservation.full_clean()
            reservation.save()
            obj.save()
            return
        construct_instance(form, obj)
        created = creer_atelier(par=request.user, **{f: getattr(obj, f) for f in form.Meta.fields})
        obj.pk = created.pk
        obj.reservation = created.reservation
        obj._state.adding = False


@admin.register(Inscription)
class InscriptionAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "atelier", "statut", "position", "cree_le")
    list_filter = ("statut",)
    list_select_related = ("atelier",)
    search_fields = ("nom", "telephone", "email")
    readonly_fields = ("atelier", "position", "cree_le", "anonymise_le")
