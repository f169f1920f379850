from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from permanences.models import (
    Calendrier,
    DateSautee,
    Demarche,
    JetonCalendrier,
    Occurrence,
    Permanence,
    ReservationSalle,
    Salle,
)
from permanences.services.calendrier import generer_occurrences
from permanences.services.semestre import valider_calendrier
from ruche.admin.perimetre import DuLieuAdmin, PerimetreAdmin
from ruche.models import Fermeture


@admin.register(Salle)
class SalleAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    list_display = ("nom", "lieu", "capacite", "active")
    list_filter = ("lieu", "active")
    list_select_related = ("lieu",)
    search_fields = ("nom", "equipements")


@admin.register(Fermeture)
class FermetureAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    list_display = ("motif", "lieu", "debut", "fin")
    list_filter = ("lieu",)
    list_select_related = ("lieu",)
    date_hierarchy = "debut"
    search_fields = ("motif",)

    def save_model(self, request, obj, form, change):
        """The validated calendars of those dates are regenerated: occurrences then go away,
        unless they have bookings or were cancelled (staff are told which)."""
        super().save_model(request, obj, form, change)
        calendriers = Calendrier.objects.filter(
            lieu_id=obj.lieu_id, statut=Calendrier.Statut.VALIDE
        ).filter(annee__gte=obj.debut.year, annee__lte=obj.fin.year)
        for calendrier in calendriers.select_related("organisation"):
            if calendrier.date_fin < obj.debut or calendrier.date_debut > obj.fin:
                continue
            try:
                bilan = generer_occurrences(calendrier=calendrier, par=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), level=messages.WARNING)
                continue
            for occurrence in bilan.gardees:
                if obj.debut <= occurrence.date <= obj.fin and not occurrence.est_annulee:
                    self.message_user(
                        request,
                        _("%(occurrence)s a des rendez-vous : annulez-la depuis l'espace.")
                        % {"occurrence": occurrence},
                        level=messages.WARNING,
                    )


@admin.register(Demarche)
class DemarcheAdmin(DuLieuAdmin, TranslationAdmin, SimpleHistoryAdmin):
    """Name, description and papers in French (required), English and Arabic (optional)."""

    list_display = (
        "apercu_pictogramme",
        "nom",
        "lieu",
        "theme",
        "duree_minutes",
        "active",
        "ordre",
    )
    list_display_links = ("nom",)
    list_filter = ("lieu", "theme", "active")
    list_select_related = ("lieu",)
    list_editable = ("ordre",)
    search_fields = ("nom", "description")
    prepopulated_fields = {"slug": ("nom_fr",)}

    @admin.display(description=_("pictogramme"))
    def apercu_pictogramme(self, obj):
        return format_html(
            '<img src="{}" alt="{}" width="32" height="32">',
            obj.fichier_pictogramme(),
            obj.get_pictogramme_display() or obj.get_theme_display(),
        )


class PermanenceInlineFormSet(forms.BaseInlineFormSet):
    """A weekly permanence belongs to the calendar's organisation and needs its weekday."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.organisation_id = self.instance.organisation_id
        form.fields["jour_semaine"].required = True
        return form


class PermanenceInline(PerimetreAdmin, admin.TabularInline):
    model = Permanence
    formset = PermanenceInlineFormSet
    fields = ("jour_semaine", "heure_debut", "heure_fin", "salle", "accueil", "demarches")
    extra = 1


@admin.register(Calendrier)
class CalendrierAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "organisation",
        "annee",
        "semestre",
        "statut",
        "nombre",
        "valide_par",
    )
    list_filter = ("statut", "organisation", "annee", "semestre")
    list_select_related = ("organisation", "valide_par")
    search_fields = ("organisation__nom", "organisation__sigle")
    readonly_fields = ("statut", "valide_par", "valide_le", "soumis_par", "soumis_le")
    inlines = [PermanenceInline]
    actions = ["valider_et_generer", "regenerer"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nombre_permanences=Count("permanences"))

    @admin.display(description=_("permanences"), ordering="nombre_permanences")
    def nombre(self, calendrier):
        return calendrier.nombre_permanences

    def _pour_chacun(self, request, queryset, action):
        for calendrier in queryset:
            try:
                bilan = action(calendrier)
            except ValidationError as exc:
                self.message_user(
                    request, f"{calendrier} : {' '.join(exc.messages)}", level=messages.ERROR
                )
                continue
            done = _(
                "%(calendrier)s : %(creees)s séances créées, %(deplacees)s déplacées, "
                "%(supprimees)s retirées, %(gardees)s gardées telles quelles."
            )
            values = {
                "calendrier": calendrier,
                "creees": bilan.creees,
                "deplacees": bilan.deplacees,
                "supprimees": bilan.supprimees,
                "gardees": len(bilan.gardees),
            }
            if bilan.hors_convention:
                suite = _(
                    "%(hors)s dates après la fin de la convention du partenaire : pas de séance."
                )
                done = f"{done} {suite}"
                values["hors"] = bilan.hors_convention
            self.message_user(request, done % values, level=messages.SUCCESS)

    @admin.action(description=_("Valider et générer les séances"))
    def valider_et_generer(self, request, queryset):
        self._pour_chacun(
            request, queryset, lambda c: valider_calendrier(calendrier=c, par=request.user)
        )

    @admin.action(description=_("Regénérer les séances après une modification"))
    def regenerer(self, request, queryset):
        self._pour_chacun(
            request, queryset, lambda c: generer_occurrences(calendrier=c, par=request.user)
        )


class DateSauteeInline(PerimetreAdmin, admin.TabularInline):
    """The dates a weekly permanence skips; "Regénérer les séances" on its calendar applies
    them to a validated one."""

    model = DateSautee
    fields = ("date",)
    extra = 0


@admin.register(Permanence)
class PermanenceAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    inlines = [DateSauteeInline]
    list_display = ("__str__", "organisation", "calendrier", "date", "accueil")
    list_filter = ("organisation", "accueil", "salle")
    list_select_related = ("organisation", "calendrier__organisation", "salle")
    date_hierarchy = "date"
    search_fields = ("organisation__nom", "salle__nom")
    filter_horizontal = ("demarches", "intervenants")


@admin.register(Occurrence)
class OccurrenceAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    """Read only: occurrences come from the calendar; cancel one from the space (never delete)."""

    list_display = ("date", "horaire", "salle", "organisation", "statut", "lien_annuler")
    list_filter = ("statut", "permanence__organisation", "reservation__salle")
    list_select_related = ("permanence__organisation", "reservation__salle")
    date_hierarchy = "date"
    search_fields = ("motif_annulation", "permanence__organisation__nom", "reservation__salle__nom")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("heure"), ordering="debut")
    def horaire(self, occurrence):
        debut, fin = timezone.localtime(occurrence.debut), timezone.localtime(occurrence.fin)
        return f"{debut:%H:%M}–{fin:%H:%M}"

    @admin.display(description=_("organisation"), ordering="permanence__organisation__nom")
    def organisation(self, occurrence):
        return occurrence.permanence.organisation

    @admin.display(description=_("salle"), ordering="reservation__salle__nom")
    def salle(self, occurrence):
        return occurrence.reservation.salle

    @admin.display(description=_("annuler"))
    def lien_annuler(self, occurrence):
        if occurrence.est_annulee:
            return "—"
        url = reverse("permanences:annuler", kwargs={"pk": occurrence.pk})
        return format_html('<a href="{}">{}</a>', url, _("Annuler"))


@admin.register(ReservationSalle)
class ReservationSalleAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("salle", "debut", "fin", "organisation", "objet", "annulee", "creee_par")
    list_filter = ("salle", "objet", "annulee", "organisation")
    list_select_related = ("salle", "organisation", "creee_par")
    date_hierarchy = "debut"
    search_fields = ("salle__nom", "organisation__nom")
    readonly_fields = ("creee_par", "creee_le")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.creee_par = request.user
        super().save_model(request, obj, form, change)


@admin.register(JetonCalendrier)
class JetonCalendrierAdmin(PerimetreAdmin, admin.ModelAdmin):
    """Staff may revoke a volunteer's calendar address (delete it); the key is never shown."""

    list_display = ("utilisateur", "cree_le")
    search_fields = ("utilisateur__username", "utilisateur__last_name")
    fields = ("utilisateur", "cree_le")
    readonly_fields = ("utilisateur", "cree_le")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
