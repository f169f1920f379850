"""Accounts and roles in the back office.

Staff manage the accounts of their places' volunteers and committee members: they create
them, give them their organisation, their places among their own and the roles below
theirs, change their names and address, deactivate them. The holder chooses the password
from a link sent to their address; staff never type one. Superusers alone grant the staff
and network coordination roles, staff status, permissions and places beyond one's own, and
change the accounts of staff and superusers. Nobody changes their own roles, places,
organisation or status.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruche.admin.perimetre import NationalAdmin, PerimetreAdmin
from ruche.forms.comptes import ConnexionAdminForm
from ruche.models import Utilisateur
from ruche.perimetre import lieux_visibles
from ruche.roles import COORDINATION, PERSONNEL
from ruche.services.comptes import envoyer_lien_mot_de_passe, prevenir_changement_adresse

# The roles only superusers give: they open every page of a place, or of several.
ROLES_DU_SUPERUTILISATEUR = (PERSONNEL, COORDINATION)


def roles_attribuables(utilisateur):
    """The groups a user may give: all for a superuser; else neither the staff nor the
    coordination role, nor one granting a permission the user does not hold."""
    groupes = Group.objects.order_by("name")
    if utilisateur.is_superuser:
        return groupes
    detenus = utilisateur.get_all_permissions()
    refuses = [
        pk
        for pk, app, code in groupes.values_list(
            "pk", "permissions__content_type__app_label", "permissions__codename"
        )
        if app is not None and f"{app}.{code}" not in detenus
    ]
    return groupes.exclude(pk__in=refuses).exclude(name__in=ROLES_DU_SUPERUTILISATEUR)


class NouveauCompteForm(forms.ModelForm):
    """An account made by staff: no password field; its holder chooses one from the link
    sent to the address, which is therefore required."""

    # Set per request by the admin: the places of the person creating the account (None:
    # every place).
    lieux_de_l_auteur = None

    class Meta:
        model = Utilisateur
        fields = ("username", "first_name", "last_name", "email", "organisation", "lieux", "groups")
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Le lien pour choisir le mot de passe part ici.")

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if username and Utilisateur.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Cet identifiant est déjà pris."))
        return username

    def clean(self):
        cleaned = super().clean()
        lieux = self.lieux_de_l_auteur
        if lieux is None:
            return cleaned
        organisations = self.fields["organisation"].queryset.model.objects
        organisation = cleaned.get("organisation")
        du_lieu = organisation is not None and organisations.filter(
            organisations.liees_aux_lieux(lieux), pk=organisation.pk
        )
        if not cleaned.get("lieux") and not du_lieu:
            raise ValidationError(
                _(
                    "Choisissez une organisation partenaire de votre lieu, ou un de vos "
                    "lieux : sans cela, le compte ne serait d'aucun de vos lieux."
                )
            )
        return cleaned

    def save(self, commit=True):
        self.instance.set_unusable_password()
        return super().save(commit=commit)


@admin.register(Utilisateur)
class UtilisateurAdmin(PerimetreAdmin, UserAdmin):
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
    # What staff fill in for a new account: no password.
    add_fieldsets_personnel = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (_("Organisation, lieux et rôle"), {"fields": ("organisation", "lieux", "groups")}),
    )
    actions = ["envoyer_lien"]
    add_form_template = "admin/ruche/utilisateur/add_form.html"

    STATUTS = ("is_active", "is_staff", "is_superuser")
    RESERVE_SUPERUTILISATEUR = ("is_staff", "is_superuser", "user_permissions")
    # What nobody changes on their own account: their access.
    ACCES = (*STATUTS, "groups", "user_permissions", "lieux", "organisation")

    def est_soi(self, request, obj):
        return obj is not None and obj.pk == request.user.pk

    def gerable(self, request, obj):
        """True when the person may change the account `obj` (of their places): a
        superuser any; staff one with no status, permission or role above what they give."""
        if request.user.is_superuser:
            return True
        if obj.is_superuser or obj.is_staff or obj.user_permissions.exists():
            return False
        return not obj.groups.exclude(pk__in=roles_attribuables(request.user)).exists()

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return self.add_fieldsets_personnel
        # The password is the holder's: staff send a link, they neither see nor set it.
        return [
            (nom, {**options, "fields": [c for c in options["fields"] if c != "password"]})
            for nom, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = NouveauCompteForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None and not request.user.is_superuser:
            form.lieux_de_l_auteur = lieux_visibles(request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        # The dates are the site's record, nobody's to type.
        fields = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += self.RESERVE_SUPERUTILISATEUR
        if self.est_soi(request, obj):
            fields += self.ACCES
        return list(dict.fromkeys(fields))

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.est_soi(request, obj) and not self.gerable(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (self.est_soi(request, obj) or not self.gerable(request, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and request is not None:
            kwargs["queryset"] = roles_attribuables(request.user)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        """Typing someone's password is the superusers' (who may also send the link)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        """The last check, whatever the form held: a forged post changes no status, and no
        access of one's own."""
        interdits = set()
        if not request.user.is_superuser:
            interdits |= {"is_staff", "is_superuser"}
        if change and self.est_soi(request, obj):
            interdits |= {*self.STATUTS, "organisation_id"}
        avant = self.model._default_manager.get(pk=obj.pk) if change else self.model()
        if any(getattr(obj, champ) != getattr(avant, champ) for champ in interdits):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        if change and not self.est_soi(request, obj):
            prevenir_changement_adresse(compte=obj, ancienne=avant.email, par=request.user)

    def save_related(self, request, form, formsets, change):
        """Roles and places the editor may not give are neither added nor taken away; one's
        own roles, places and permissions stay as they were."""
        obj = form.instance
        soi = self.est_soi(request, obj) if change else False
        acces = (set(obj.groups.all()), set(obj.user_permissions.all()), set(obj.lieux.all()))
        if not request.user.is_superuser:
            for champ, permis in (
                ("groups", set(roles_attribuables(request.user))),
                ("lieux", set(form.fields["lieux"].queryset) if "lieux" in form.fields else None),
            ):
                if champ not in form.cleaned_data or permis is None:
                    continue
                gardes = set(getattr(obj, champ).all()) - permis if change else set()
                form.cleaned_data[champ] = (set(form.cleaned_data[champ]) & permis) | gardes
        super().save_related(request, form, formsets, change)
        if soi and acces != (
            set(obj.groups.all()),
            set(obj.user_permissions.all()),
            set(obj.lieux.all()),
        ):
            raise PermissionDenied

    def response_add(self, request, obj, post_url_continue=None):
        if not obj.has_usable_password():
            self._envoyer(request, [obj], nouveau=True)
        return super().response_add(request, obj, post_url_continue)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/lien-mot-de-passe/",
                self.admin_site.admin_view(self.lien_mot_de_passe),
                name="ruche_utilisateur_lien_mot_de_passe",
            ),
            *super().get_urls(),
        ]

    def lien_mot_de_passe(self, request, object_id):
        """The change page's button: the link goes to the account's address (POST only)."""
        if request.method != "POST":
            raise PermissionDenied
        if not self.has_change_permission(request):
            raise PermissionDenied
        compte = self.get_object(request, unquote(object_id))
        if compte is None:
            raise Http404
        if not self.has_change_permission(request, compte):
            raise PermissionDenied
        self._envoyer(request, [compte])
        return redirect(reverse("admin:ruche_utilisateur_change", args=[compte.pk]))

    @admin.action(
        description=_("Envoyer un lien pour choisir son mot de passe"), permissions=["change"]
    )
    def envoyer_lien(self, request, queryset):
        comptes = [c for c in queryset if self.has_change_permission(request, c)]
        if len(comptes) < len(queryset):
            self.message_user(
                request,
                _("Les comptes du personnel sont gérés par un administrateur : pas de lien."),
                messages.WARNING,
            )
        self._envoyer(request, comptes)

    def _envoyer(self, request, comptes, nouveau=False):
        envoyes = 0
        for compte in comptes:
            try:
                with transaction.atomic():
                    envoyer_lien_mot_de_passe(compte=compte, par=request.user, nouveau=nouveau)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                envoyes += 1
        if envoyes:
            self.message_user(
                request,
                ngettext(
                    "Un lien pour choisir le mot de passe est parti vers %(n)s adresse.",
                    "Un lien pour choisir le mot de passe est parti vers %(n)s adresses.",
                    envoyes,
                )
                % {"n": envoyes},
                messages.SUCCESS,
            )


# The admin's login tells, like the site's, how many tries are left and how long the
# lockout lasts.
admin.site.login_form = ConnexionAdminForm
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(NationalAdmin, GroupAdmin):
    """The roles are the product's, every place's: superusers alone change them (their
    names are what the code checks, their permissions what staff hold)."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
