"""The accessibility statement's facts staff record: each audit (the site's status follows
the latest one's rate) and the plans the statement publishes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ruche.admin.perimetre import NationalAdmin
from ruche.models import AuditAccessibilite, PlanAccessibilite


@admin.register(AuditAccessibilite)
class AuditAccessibiliteAdmin(NationalAdmin, SimpleHistoryAdmin):
    list_display = ("date", "auditeur", "taux", "statut_affiche", "enregistre_par")
    list_select_related = ("enregistre_par",)
    date_hierarchy = "date"
    readonly_fields = ("statut_affiche", "enregistre_par", "enregistre_le")
    fields = (
        "date",
        "auditeur",
        "taux",
        "statut_affiche",
        "pages",
        "environnement",
        "non_conformites",
        "enregistre_par",
        "enregistre_le",
    )

    @admin.display(description=_("état de conformité"))
    def statut_affiche(self, audit):
        return audit.statut.label if audit.taux is not None else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.enregistre_par = request.user
        super().save_model(request, obj, form, change)


@admin.register(PlanAccessibilite)
class PlanAccessibiliteAdmin(NationalAdmin, SimpleHistoryAdmin):
    list_display = ("__str__", "nature", "debut", "fin")
    list_filter = ("nature",)
