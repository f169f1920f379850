"""Admin of appointments, reminders, workshops and registrations.

Notes on appointments stay out of the admin: they belong to the organisation that receives
the person, not to the Ruche staff.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from permanences.models import Atelier, Inscription, Rappel, RendezVous, ReservationSalle
from permanences.services.ateliers import (
    CHAMPS_ATELIER,
    TRADUCTIONS_ATELIER,
    annuler_inscription,
    creer_atelier,
    marquer_presence_atelier,
    modifier_atelier,
    verifier_atelier,
)
from permanences.services.rendezvous import annuler_rendez_vous, marquer_presence
from permanences.services.salles import fermeture_du_jour, message_fermeture
from ruche.admin.perimetre import PerimetreAdmin


class EtatParActionsMixin:
    """The state of a booking changes only through the actions, which call the services the
    pages call (with the same notifications): never typed in a form, never deleted in bulk."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request, obj=None):
        # Bookings are made from the pages, so slots, places and consent stay right.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _pour_chacun(self, request, queryset, service, fait):
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except ValidationError as exc:
                self.message_user(request, f"{obj} : {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, fait(done), messages.SUCCESS)


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
class RendezVousAdmin(PerimetreAdmin, EtatParActionsMixin, SimpleHistoryAdmin):
    list_display = ("debut", "nom", "demarche", "statut", "canal", "occurrence")
    list_filter = ("statut", "canal", "demarche")
    list_select_related = ("demarche", "occurrence__permanence__salle")
    search_fields = ("nom", "telephone", "email")
    date_hierarchy = "debut"
    exclude = ("notes",)
    readonly_fields = (
        "occurrence",
        "debut",
        "fin",
        "statut",
        "canal",
        "langue",
        "cree_par",
        "cree_le",
        "consentement_le",
        "anonymise_le",
    )
    raw_id_fields = ("demarche",)
    actions = ["annuler", "marquer_venu", "marquer_absent"]

    def get_historical_record_context_helper(self, request, historical_record):
        return SansNotes(self.model, historical_record)

    @admin.action(description=_("Annuler à la demande de la personne (elle est prévenue)"))
    def annuler(self, request, queryset):
        self._pour_chacun(
            request,
            queryset.select_related("demarche"),
            lambda rdv: annuler_rendez_vous(rendez_vous=rdv, par=request.user),
            lambda n: (
                ngettext(
                    "%(n)s rendez-vous annulé ; la personne est prévenue.",
                    "%(n)s rendez-vous annulés ; les personnes sont prévenues.",
                    n,
                )
                % {"n": n}
            ),
        )

    def _presence(self, request, queryset, venu):
        self._pour_chacun(
            request,
            queryset.select_related("demarche"),
            lambda rdv: marquer_presence(rendez_vous=rdv, venu=venu),
            lambda n: ngettext("%(n)s rendez-vous noté.", "%(n)s rendez-vous notés.", n) % {"n": n},
        )

    @admin.action(description=_("Noter : venu"))
    def marquer_venu(self, request, queryset):
        self._presence(request, queryset, True)

    @admin.action(description=_("Noter : pas venu"))
    def marquer_absent(self, request, queryset):
        self._presence(request, queryset, False)


@admin.register(Rappel)
class RappelAdmin(PerimetreAdmin, admin.ModelAdmin):
    list_display = ("rendez_vous", "type", "envoye_le")
    list_select_related = ("rendez_vous__demarche",)
    readonly_fields = ("rendez_vous", "type", "envoye_le")

    def has_add_permission(self, request):
        return False


class RangAttenteMixin:
    """The rank shown to staff is the place among those still waiting, as the resident reads
    it, annotated in the list's own query; the stored position keeps the gaps of those who
    went and only orders the list."""

    def get_queryset(self, request):
        return super().get_queryset(request).avec_rang()

    @admin.display(description=_("rang sur la liste d'attente"), ordering="position")
    def rang_attente(self, obj):
        # The detail page would print None where the list prints its empty mark.
        return self.get_empty_value_display() if obj.rang is None else obj.rang


class InscriptionInline(PerimetreAdmin, RangAttenteMixin, admin.TabularInline):
    model = Inscription
    extra = 0
    fields = ("nom", "telephone", "email", "statut", "rang_attente", "cree_le")
    readonly_fields = ("nom", "telephone", "email", "statut", "rang_attente", "cree_le")
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
        if fin <= debut:
            self.add_error("fin", _("La fin doit être après le début."))
            return cleaned
        if not self.instance.pk:
            fermeture = fermeture_du_jour(debut.date(), salle.lieu_id)
            if fermeture is not None:
                raise ValidationError(message_fermeture(fermeture))
            reservation = ReservationSalle(
                salle=salle,
                debut=debut,
                fin=fin,
                organisation=cleaned["organisation"],
                objet=ReservationSalle.Objet.ATELIER,
            )
            try:
                reservation.full_clean()
            except ValidationError as exc:
                # Beside the field when it has one (the convention's end: beside the start).
                if not hasattr(exc, "error_dict"):
                    raise ValidationError(exc.messages) from exc
                for field_name, errors in exc.error_dict.items():
                    for error in errors:
                        self.add_error(field_name if field_name in self.fields else None, error)
            return cleaned
        # The admin saves inside one transaction: the rooms locked here stay locked until
        # the change is saved by modifier_atelier, so no one takes the room meanwhile.
        try:
            verifier_atelier(
                atelier=self.instance,
                salle=salle,
                debut=debut,
                fin=fin,
                capacite=cleaned.get("capacite"),
            )
        except ValidationError as exc:
            for field_name, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(field_name if field_name in self.fields else None, error)
        return cleaned

    def _post_clean(self):
        # The room booking does not exist yet for a new workshop: validated in save_model.
        if self.instance.pk:
            super()._post_clean()


@admin.register(Atelier)
class AtelierAdmin(PerimetreAdmin, TranslationAdmin, SimpleHistoryAdmin):
    """Title and description in French (required), English and Arabic (optional)."""

    form = AtelierAdminForm
    list_display = ("titre", "debut", "salle", "capacite", "public", "organisation")
    list_filter = ("public", "organisation")
    list_select_related = ("salle", "organisation")
    date_hierarchy = "debut"
    inlines = [InscriptionInline]

    def save_model(self, request, obj, form, change):
        if change:
            promoted = modifier_atelier(
                atelier=obj,
                capacite=obj.capacite,
                par=request.user,
                **{name: getattr(obj, name) for name in CHAMPS_ATELIER},
            )
            obj.refresh_from_db()
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)s personne de la liste d'attente a maintenant une place ; "
                        "elle est prévenue.",
                        "%(n)s personnes de la liste d'attente ont maintenant une place ; "
                        "elles sont prévenues.",
                        len(promoted),
                    )
                    % {"n": len(promoted)},
                    messages.SUCCESS,
                )
            return
        construct_instance(form, obj)
        created = creer_atelier(
            par=request.user,
            traductions={colonne: getattr(obj, colonne) for colonne in TRADUCTIONS_ATELIER},
            **{f: getattr(obj, f) for f in AtelierAdminForm.Meta.fields},
        )
        obj.pk = created.pk
        obj.reservation = created.reservation
        obj._state.adding = False


@admin.register(Inscription)
class InscriptionAdmin(PerimetreAdmin, RangAttenteMixin, EtatParActionsMixin, SimpleHistoryAdmin):
    list_display = ("nom", "atelier", "statut", "rang_attente", "cree_le")
    list_filter = ("statut",)
    list_select_related = ("atelier",)
    search_fields = ("nom", "telephone", "email")
    exclude = ("position",)
    readonly_fields = (
        "atelier",
        "statut",
        "rang_attente",
        "langue",
        "cree_le",
        "consentement_le",
        "anonymise_le",
    )
    actions = ["annuler", "marquer_present", "marquer_absent"]

    @admin.action(description=_("Annuler (la place va à la liste d'attente ; tous prévenus)"))
    def annuler(self, request, queryset):
        promoted = []

        def service(inscription):
            suivant = annuler_inscription(inscription=inscription)
            if suivant is not None:
                promoted.append(suivant)

        self._pour_chacun(
            request,
            queryset.select_related("atelier"),
            service,
            lambda n: (
                ngettext(
                    "%(n)s inscription annulée ; la personne est prévenue.",
                    "%(n)s inscriptions annulées ; les personnes sont prévenues.",
                    n,
                )
                % {"n": n}
            ),
        )
        for inscription in promoted:
            self.message_user(
                request,
                _("%(nom)s passe de la liste d'attente à une place ; elle est prévenue.")
                % {"nom": inscription.nom},
                messages.SUCCESS,
            )

    def _presence(self, request, queryset, present):
        self._pour_chacun(
            request,
            queryset.select_related("atelier"),
            lambda inscription: marquer_presence_atelier(inscription=inscription, present=present),
            lambda n: ngettext("%(n)s présence notée.", "%(n)s présences notées.", n) % {"n": n},
        )

    @admin.action(description=_("Noter : présent"))
    def marquer_present(self, request, queryset):
        self._presence(request, queryset, True)

    @admin.action(description=_("Noter : absent"))
    def marquer_absent(self, request, queryset):
        self._presence(request, queryset, False)
