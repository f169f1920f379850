from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ruche.admin_lieux import DuLieuAdmin
from ruche.forms.comptes import ConnexionAdminForm
from ruche.models import (
    EnvoiEchoue,
    HoraireOuverture,
    Lieu,
    Operateur,
    Passage,
    ThemeOperateur,
    TotalHistorique,
    Utilisateur,
)
from ruche.models.taches import TACHE_COURRIEL
from ruche.services.taches import renvoyer


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


@admin.register(TotalHistorique)
class TotalHistoriqueAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    """The figures of the years before the app, typed from the activity reports, each place's
    own."""

    list_display = ("annee", "mois", "accompagnement_ou_non_ventile", "nombre", "source", "lieu")
    list_filter = ("annee", "accompagnement", "lieu")

    @admin.display(description=_("type d'accompagnement"), ordering="accompagnement")
    def accompagnement_ou_non_ventile(self, obj):
        return obj.get_accompagnement_display() or _("Non ventilé")


class HoraireOuvertureInline(admin.TabularInline):
    model = HoraireOuverture
    extra = 1


@admin.register(Lieu)
class LieuAdmin(SimpleHistoryAdmin):
    """A place: its address and contact, its weekly opening hours; its closures are kept
    with the rooms (permanences)."""

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


@admin.register(Passage)
class PassageAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    """Read only: visits are corrected on the visitor log page, where the rules apply."""

    list_display = ("quand", "lieu", "accompagnement", "theme", "partenaire", "auteur")
    list_filter = ("lieu", "accompagnement", "theme", "partenaire")
    list_select_related = ("lieu", "partenaire", "auteur")
    date_hierarchy = "quand"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def masquer_adresse(adresse):
    """`h•••@exemple.fr`: enough for the staff to recognise a mail, not to copy it."""
    nom, _arobase, domaine = adresse.partition("@")
    return f"{nom[:1]}•••@{domaine}" if domaine else "•••"


def masquer_telephone(numero):
    chiffres = "".join(c for c in numero if c.isdigit() or c == "+")
    return f"{chiffres[:3]}•••{chiffres[-2:]}" if len(chiffres) > 5 else "•••"


@admin.register(EnvoiEchoue)
class EnvoiEchoueAdmin(admin.ModelAdmin):
    """Mail and text messages that failed for good; the staff resend them or let them go.

    Only what identifies the message is shown: never its text, links or attachments.
    """

    list_display = ("finished_at", "genre", "destinataire", "objet", "tentatives", "erreur")
    fields = list_display
    readonly_fields = list_display
    ordering = ["-finished_at"]
    actions = ["renvoyer"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).echoues()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_renvoyer_permission(self, request):
        return request.user.has_perm("ruche.change_envoiechoue")

    @admin.display(description=_("envoi"))
    def genre(self, obj):
        return _("Courriel") if obj.task_path == TACHE_COURRIEL else _("SMS")

    @admin.display(description=_("destinataire"))
    def destinataire(self, obj):
        args = obj.args_kwargs.get("args") or [""]
        if obj.task_path == TACHE_COURRIEL:
            return ", ".join(masquer_adresse(a) for a in (args[0] or {}).get("to", []))
        return masquer_telephone(str(args[0]))

    @admin.display(description=_("objet"))
    def objet(self, obj):
        if obj.task_path == TACHE_COURRIEL:
            return (obj.args_kwargs.get("args") or [{}])[0].get("subject", "")
        return "—"

    @admin.display(description=_("essais"))
    def tentatives(self, obj):
        args = obj.args_kwargs.get("args") or []
        rang = 1 if obj.task_path == TACHE_COURRIEL else 2
        return args[rang] if len(args) > rang else 1

    @admin.display(description=_("erreur"))
    def erreur(self, obj):
        return obj.exception_class_path.rpartition(".")[2] or "—"

    @admin.action(description=_("Renvoyer les envois choisis"), permissions=["renvoyer"])
    def renvoyer(self, request, queryset):
        for envoi in queryset:
            renvoyer(envoi)
        self.message_user(
            request,
            _("%(nombre)s envoi(s) remis dans la file d'attente.") % {"nombre": len(queryset)},
            messages.SUCCESS,
        )


class ThemeOperateurInline(admin.TabularInline):
    model = ThemeOperateur
    fields = ("nom", "code", "ordre", "actif")
    extra = 1


@admin.register(Operateur)
class OperateurAdmin(SimpleHistoryAdmin):
    """The France Services operators and their themes: rows, not code. A row in use is
    retired (unticked), never deleted (PROTECT)."""

    list_display = ("nom", "code", "ordre", "actif")
    list_editable = ("ordre", "actif")
    search_fields = ("nom", "code")
    prepopulated_fields = {"code": ("nom",)}
    inlines = [ThemeOperateurInline]
