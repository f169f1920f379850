"""The France Services operators and their themes: national rows every place shares, kept
in the back office (a new partner of the programme is a new row). Staff read them; only
superusers change them, since one place's staff would change every place's statistics."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ruche.admin.perimetre import NationalAdmin
from ruche.models import Operateur, ThemeOperateur


class SuperutilisateurSeulAdmin(NationalAdmin):
    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ThemeOperateurInline(SuperutilisateurSeulAdmin, admin.TabularInline):
    model = ThemeOperateur
    fields = ("nom", "code", "ordre", "actif")
    extra = 1


@admin.register(Operateur)
class OperateurAdmin(SuperutilisateurSeulAdmin, SimpleHistoryAdmin):
    """A row in use is retired (unticked), never deleted (PROTECT)."""

    list_display = ("nom", "code", "ordre", "actif")
    list_editable = ("ordre", "actif")
    search_fields = ("nom", "code")
    prepopulated_fields = {"code": ("nom",)}
    inlines = [ThemeOperateurInline]
