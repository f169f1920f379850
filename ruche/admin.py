from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from ruche.models import Utilisateur


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
