"""Text messages sent: the month's count and cost for the staff, each one's delivery."""

from django.contrib import admin
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ruche.admin.perimetre import PerimetreAdmin
from ruche.models import Sms


@admin.register(Sms)
class SmsAdmin(PerimetreAdmin, admin.ModelAdmin):
    """Read only, and only what identifies a message: never its text."""

    list_display = ("envoye_le", "numero", "statut", "segments", "encodage", "erreur", "lieu")
    list_filter = ("statut", "encodage", "lieu")
    date_hierarchy = "envoye_le"
    fields = (*list_display, "caracteres", "statut_le", "reference")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The title gives the month's count: what the provider bills."""
        jour = timezone.localdate()
        mois = (
            self.get_queryset(request)
            .du_mois(jour)
            .aggregate(nombre=Count("pk"), segments=Sum("segments"))
        )
        titre = _("SMS envoyés — %(mois)s : %(nombre)s SMS, %(segments)s segments") % {
            "mois": date_format(jour, "F Y"),
            "nombre": mois["nombre"],
            "segments": mois["segments"] or 0,
        }
        return super().changelist_view(request, {"title": titre, **(extra_context or {})})
