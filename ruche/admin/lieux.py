"""The places, their opening hours, their visitor log and their figures of the years before
the app."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ruche.admin.perimetre import DuLieuAdmin, PerimetreAdmin
from ruche.models import HoraireOuverture, Lieu, Passage, TotalHistorique


@admin.register(TotalHistorique)
class TotalHistoriqueAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    """The figures of the years before the app, typed from the activity reports, each place's
    own."""

    list_display = ("annee", "mois", "accompagnement_ou_non_ventile", "nombre", "source", "lieu")
    list_filter = ("annee", "accompagnement", "lieu")

    @admin.display(description=_("type d'accompagnement"), ordering="accompagnement")
    def accompagnement_ou_non_ventile(self, obj):
        return obj.get_accompagnement_display() or _("Non ventilé")


class HoraireOuvertureInline(PerimetreAdmin, admin.TabularInline):
    model = HoraireOuverture
    extra = 1


@admin.register(Lieu)
class LieuAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    """A place: its address and contact, its weekly opening hours; its closures are kept
    with the rooms (permanences). Staff keep their own places; places are created and
    deleted by superusers, who also give them to staff."""

    list_display = ("nom", "commune", "organisation", "telephone", "date_maj")
    list_select_related = ("organisation",)
    search_fields = ("nom", "commune", "code_postal")
    prepopulated_fields = {"slug": ("nom",)}
    inlines = [HoraireOuvertureInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("nom", "slug", "organisation", "presentation")}),
        (
            _("Adresse"),
            {
                "fields": (
                    "adresse",
                    "code_postal",
                    "commune",
                    "code_insee",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (_("Contact"), {"fields": ("telephone", "courriel", "site_web", "carte", "siret")}),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The database allows none (a fresh install); the form asks for it.
        form.base_fields["organisation"].required = True
        return form

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Passage)
class PassageAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    """Read only: visits are corrected on the visitor log page, where the rules apply."""

    list_display = (
        "quand",
        "lieu",
        "accompagnement",
        "operateur",
        "theme_operateur",
        "partenaire",
        "issue",
        "auteur",
    )
    list_filter = ("lieu", "accompagnement", "operateur", "partenaire", "issue", "theme")
    list_select_related = (
        "lieu",
        "operateur",
        "theme_operateur__operateur",
        "partenaire",
        "auteur",
    )
    date_hierarchy = "quand"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
