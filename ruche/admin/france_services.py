"""The France Services operators and their themes: national rows every place shares, kept
in the back office (a new partner of the programme is a new row)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ruche.admin.perimetre import NationalAdmin
from ruche.models import Operateur, ThemeOperateur


class ThemeOperateurInline(NationalAdmin, admin.TabularInline):
    model = ThemeOperateur
    fields = ("nom", "code", "ordre", "actif")
    extra = 1


@admin.register(Operateur)
class OperateurAdmin(NationalAdmin, SimpleHistoryAdmin):
    """A row in use is retired (unticked), never deleted (PROTECT)."""

    list_display = ("nom", "code", "ordre", "actif")
    list_editable = ("ordre", "actif")
    search_fields = ("nom", "code")
    prepopulated_fields = {"code": ("nom",)}
    inlines = [ThemeOperateurInline]
