from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ruche.models import Passage, TotalHistorique, Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "organisation", "is_active")
    list_filter = ("groups", "organisation", "is_active", "is_staff")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = UserAdmin.fieldsets + ((_("Organisation"), {"fields": ("organisation",)}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Organisation et rôle"), {"fields": ("organisation", "groups")}),
    )


@admin.register(TotalHistorique)
class TotalHistoriqueAdmin(SimpleHistoryAdmin):
    """The figures of the years before the app, typed from the activity reports."""

    list_display = ("annee", "mois", "accompagnement_ou_non_ventile", "nombre", "source")
    list_filter = ("annee", "accompagnement")

    @admin.display(description=_("type d'accompagnement"), ordering="accompagnement")
    def accompagnement_ou_non_ventile(self, obj):
        return obj.get_accompagnement_display() or _("Non ventilé")


@admin.register(Passage)
class PassageAdmin(SimpleHistoryAdmin):
    """Read only: visits are corrected on the visitor log page, where the rules apply."""

    list_display = ("quand", "accompagnement", "theme", "partenaire", "auteur")
    list_filter = ("accompagnement", "theme", "partenaire")
    list_select_related = ("partenaire", "auteur")
    date_hierarchy = "quand"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
