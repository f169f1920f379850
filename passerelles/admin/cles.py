from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.admin.perimetre import TitulaireAdminMixin, montrer_une_fois
from passerelles.models import CleApi
from passerelles.services.cles import creer_cle, revoquer_cle


@admin.register(CleApi)
class CleApiAdmin(TitulaireAdminMixin, admin.ModelAdmin):
    list_display = ("nom", "titulaire", "prefixe", "cree_le", "utilisee_le", "revoquee_le")
    list_filter = ("revoquee_le",)
    search_fields = ("nom", "prefixe")
    fields = ("nom", "organisation", "lieu")
    readonly_fields = ("prefixe", "cree_le", "cree_par", "utilisee_le", "revoquee_le")
    actions = ["revoquer"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ("nom", "organisation", "lieu", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("organisation", "lieu", *self.readonly_fields)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked keys stay listed, with the date

    @admin.display(description=_("pour"))
    def titulaire(self, cle):
        return cle.titulaire

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        cle, texte = creer_cle(
            nom=obj.nom, organisation=obj.organisation, lieu=obj.lieu, par=request.user
        )
        obj.pk = cle.pk
        obj._texte = texte

    def response_add(self, request, obj, post_url_continue=None):
        return montrer_une_fois(
            request,
            self,
            titre=_("Clé créée : copiez-la maintenant"),
            secret=obj._texte,
            explication=_(
                "Donnez cette clé au partenaire par un moyen sûr. Elle ne sera plus jamais "
                "affichée : seule son empreinte est gardée. Perdue, révoquez-la et créez-en "
                "une autre."
            ),
            retour=reverse("admin:passerelles_cleapi_changelist"),
        )

    @admin.action(description=_("Révoquer les clés choisies"))
    def revoquer(self, request, queryset):
        nombre = 0
        for cle in queryset.filter(revoquee_le__isnull=True):
            revoquer_cle(cle=cle)
            nombre += 1
        self.message_user(
            request,
            ngettext("%(n)d clé révoquée.", "%(n)d clés révoquées.", nombre) % {"n": nombre},
            messages.SUCCESS,
        )
