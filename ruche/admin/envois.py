"""Mail and text messages that failed for good."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ruche.admin.perimetre import PerimetreAdmin
from ruche.models import EnvoiEchoue
from ruche.models.sms import masquer_numero
from ruche.models.taches import TACHE_COURRIEL
from ruche.services.taches import renvoyer


def masquer_adresse(adresse):
    """`h•••@exemple.fr`: enough for the staff to recognise a mail, not to copy it."""
    nom, _arobase, domaine = adresse.partition("@")
    return f"{nom[:1]}•••@{domaine}" if domaine else "•••"


masquer_telephone = masquer_numero


@admin.register(EnvoiEchoue)
class EnvoiEchoueAdmin(PerimetreAdmin, admin.ModelAdmin):
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
