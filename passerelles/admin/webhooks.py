import json

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.admin.perimetre import TitulaireAdminMixin, montrer_une_fois
from passerelles.models import Abonnement, Livraison, SecretAbonnement
from passerelles.services.abonnements import faire_tourner_secret
from passerelles.services.livraisons import rejouer, reprendre
from ruche.evenements import TYPES


class AbonnementForm(forms.ModelForm):
    url = forms.URLField(
        label=_("adresse qui reçoit"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Une adresse https:// du partenaire, joignable sur internet."),
    )
    evenements = forms.MultipleChoiceField(
        label=_("événements"),
        choices=sorted(TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les types d'événements envoyés à cette adresse."),
    )

    class Meta:
        model = Abonnement
        fields = ("nom", "organisation", "lieu", "url", "evenements", "actif")


class SecretInline(TitulaireAdminMixin, admin.TabularInline):
    model = SecretAbonnement
    chemin = "abonnement__"
    extra = 0
    fields = ("debut_du_secret", "cree_le", "expire_le")
    readonly_fields = ("debut_du_secret", "cree_le", "expire_le")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("secret"))
    def debut_du_secret(self, secret):
        return f"{secret.secret[:10]}…"


@admin.register(Abonnement)
class AbonnementAdmin(TitulaireAdminMixin, admin.ModelAdmin):
    form = AbonnementForm
    list_display = ("nom", "titulaire", "url", "actif", "en_pause_depuis", "echecs_consecutifs")
    list_filter = ("actif",)
    search_fields = ("nom", "url")
    readonly_fields = ("en_pause_depuis", "echecs_consecutifs", "cree_le", "cree_par")
    inlines = [SecretInline]
    actions = ["faire_tourner", "reprendre_envois"]

    @admin.display(description=_("pour"))
    def titulaire(self, abonnement):
        return abonnement.titulaire

    def save_model(self, request, obj, form, change):
        if not change:
            obj.cree_par = request.user
        super().save_model(request, obj, form, change)
        if not change:
            obj._secret = faire_tourner_secret(abonnement=obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._montrer_secret(request, obj._secret)

    def _montrer_secret(self, request, secret):
        return montrer_une_fois(
            request,
            self,
            titre=_("Secret de signature : copiez-le maintenant"),
            secret=secret,
            explication=_(
                "Le partenaire vérifie avec lui la signature de chaque envoi (Standard "
                "Webhooks). Il ne sera plus affiché ; l'ancien secret, s'il y en avait un, "
                "signe encore pendant la durée de la rotation."
            ),
            retour=reverse("admin:passerelles_abonnement_changelist"),
        )

    @admin.action(description=_("Nouveau secret de signature (l'ancien reste valable un temps)"))
    def faire_tourner(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez un seul abonnement."), messages.ERROR)
            return None
        return self._montrer_secret(request, faire_tourner_secret(abonnement=queryset.get()))

    @admin.action(description=_("Reprendre les envois (fin de la pause)"))
    def reprendre_envois(self, request, queryset):
        nombre = sum(reprendre(abonnement=abonnement) for abonnement in queryset)
        self.message_user(
            request,
            ngettext("%(n)d envoi en attente relancé.", "%(n)d envois en attente relancés.", nombre)
            % {"n": nombre},
            messages.SUCCESS,
        )


@admin.register(Livraison)
class LivraisonAdmin(TitulaireAdminMixin, admin.ModelAdmin):
    """The delivery log: state, attempts, next try, last answer; replay on request."""

    chemin = "abonnement__"
    list_display = (
        "evenement_type",
        "abonnement",
        "statut",
        "tentatives",
        "prochain_essai",
        "derniere_tentative",
        "dernier_code",
        "recue_le",
    )
    list_filter = ("statut", "evenement__type", "abonnement")
    list_select_related = ("evenement", "abonnement")
    readonly_fields = (
        "identifiant",
        "evenement",
        "abonnement",
        "statut",
        "tentatives",
        "prochain_essai",
        "derniere_tentative",
        "dernier_code",
        "derniere_erreur",
        "recue_le",
        "corps",
    )
    fields = readonly_fields
    actions = ["rejouer_livraisons"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("événement"), ordering="evenement__type")
    def evenement_type(self, livraison):
        return livraison.evenement.type

    @admin.display(description=_("contenu envoyé"))
    def corps(self, livraison):
        texte = json.dumps(livraison.evenement.corps(), ensure_ascii=False, indent=2)
        return format_html("<pre>{}</pre>", texte)

    @admin.action(description=_("Renvoyer maintenant (même identifiant)"))
    def rejouer_livraisons(self, request, queryset):
        nombre = rejouer(livraisons=list(queryset))
        self.message_user(
            request,
            ngettext("%(n)d envoi relancé.", "%(n)d envois relancés.", nombre) % {"n": nombre},
            messages.SUCCESS,
        )
