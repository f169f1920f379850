from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partenariats.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "sigle", "nature", "representant_nom", "representant_qualite")
    list_filter = ("nature",)
    search_fields = ("nom", "sigle", "representant_nom")
