"""Accounts and roles in the back office."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ruche.forms.comptes import ConnexionAdminForm
from ruche.models import Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "organisation", "is_active")
    list_filter = ("groups", "organisation", "is_active", "is_staff")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = UserAdmin.fieldsets + (
        (_("Organisation et lieux"), {"fields": ("organisation", "lieux")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Organisation, lieux et rôle"), {"fields": ("organisation", "lieux", "groups")}),
    )

    # Staff hold the change permission on accounts: without these rules they could make
    # themselves (or an accomplice) superuser. Staff manage accounts and roles; only
    # superusers grant superuser or staff status and edit permissions; nobody changes their
    # own status, roles or permissions.
    STATUTS = ("is_active", "is_staff", "is_superuser")
    RESERVE_SUPERUTILISATEUR = ("is_staff", "is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.RESERVE_SUPERUTILISATEUR
        if obj is not None and obj.pk == request.user.pk:
            fields += (*self.STATUTS, "groups", "user_permissions")
        return list(dict.fromkeys(fields))

    def has_change_permission(self, request, obj=None):
        """A superuser's account is changed (password included) by superusers only."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and request is not None:
            kwargs["queryset"] = roles_attribuables(request.user)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    def save_model(self, request, obj, form, change):
        """The last check, whatever the form held: a forged post changes no status."""
        interdits = set()
        if not request.user.is_superuser:
            interdits |= {"is_staff", "is_superuser"}
        if change and obj.pk == request.user.pk:
            interdits |= set(self.STATUTS)
        if interdits:
            avant = self.model._default_manager.get(pk=obj.pk) if change else self.model()
            if any(getattr(obj, champ) != getattr(avant, champ) for champ in interdits):
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Roles the editor may not give are neither added nor taken away; one's own roles
        and permissions stay as they were."""
        obj = form.instance
        soi = change and obj.pk == request.user.pk
        avant = (set(obj.groups.all()), set(obj.user_permissions.all())) if soi else None
        if not request.user.is_superuser and "groups" in form.cleaned_data:
            permis = set(roles_attribuables(request.user))
            gardes = set(obj.groups.all()) - permis if change else set()
            form.cleaned_data["groups"] = (set(form.cleaned_data["groups"]) & permis) | gardes
        super().save_related(request, form, formsets, change)
        if soi and avant != (set(obj.groups.all()), set(obj.user_permissions.all())):
            raise PermissionDenied


def roles_attribuables(user):
    """The groups a user may give: all for a superuser, else those granting nothing more
    than the user already holds."""
    groupes = Group.objects.order_by("name")
    if user.is_superuser:
        return groupes
    detenus = user.get_all_permissions()
    refuses = [
        pk
        for pk, app, code in groupes.values_list(
            "pk", "permissions__content_type__app_label", "permissions__codename"
        )
        if app is not None and f"{app}.{code}" not in detenus
    ]
    return groupes.exclude(pk__in=refuses)


# The admin's login tells, like the site's, how many tries are left and how long the
# lockout lasts.
admin.site.login_form = ConnexionAdminForm
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """A role's permissions are set by superusers only, whoever else may see the role."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("permissions")
        return fields
