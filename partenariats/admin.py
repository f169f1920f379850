from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partenariats.models import (
    Article,
    ArticleAvenant,
    Avenant,
    ComiteSuivi,
    Considerant,
    Convention,
    ConventionPartie,
    DocumentCommunication,
    Engagement,
    Manquement,
    Moyen,
    Objectif,
    Resiliation,
    Signature,
    Visa,
)
from ruche.admin.perimetre import DuLieuAdmin, PerimetreAdmin
from ruche.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("nom", "sigle", "nature", "representant_nom", "representant_qualite")
    list_filter = ("nature",)
    search_fields = ("nom", "sigle", "representant_nom")


class PartieInline(PerimetreAdmin, admin.StackedInline):
    model = ConventionPartie
    extra = 0
    autocomplete_fields = ("organisation",)


class ConsiderantInline(PerimetreAdmin, admin.TabularInline):
    model = Considerant
    extra = 0


class ObjectifInline(PerimetreAdmin, admin.TabularInline):
    model = Objectif
    extra = 0


class MoyenInline(PerimetreAdmin, admin.TabularInline):
    model = Moyen
    extra = 0


class ArticleInline(PerimetreAdmin, admin.StackedInline):
    model = Article
    extra = 0
    show_change_link = True  # the commitments of Article 2 are edited on the article


class EvenementInline(PerimetreAdmin, admin.TabularInline):
    """Life events are shown in the convention, added on their own page, never deleted."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ComiteInline(EvenementInline):
    model = ComiteSuivi
    fields = ("date", "accord_ruche", "accord_association", "decision", "annee_rapport")
    readonly_fields = ("decision",)


class AvenantInline(EvenementInline):
    model = Avenant
    fields = ("numero", "date", "prend_effet_le", "motif", "nouvelle_fin", "sans_reconduction")


class ManquementInline(EvenementInline):
    model = Manquement
    fields = ("article", "notifie_le", "recue_le", "description", "remediee_le")


@admin.register(Convention)
class ConventionAdmin(DuLieuAdmin, SimpleHistoryAdmin):
    list_display = ("titre", "debut", "premiere_fin", "en_vigueur", "comite_avant", "a_un_scan")
    list_filter = ("reconduction_tacite", "debut")
    search_fields = ("titre", "parties__organisation__nom", "parties__organisation__sigle")
    date_hierarchy = "debut"
    readonly_fields = ("scan_sha256", "cree_le")
    fieldsets = (
        (None, {"fields": ("titre", "lieu")}),
        (
            _("Durée (article 1)"),
            {"fields": ("debut", "premiere_fin", "mois_reconduction", "reconduction_tacite")},
        ),
        (
            _("Signature"),
            {
                "fields": (
                    "lieu_signature",
                    "date_signature",
                    "nombre_originaux",
                    "scan_signe",
                    "scan_sha256",
                )
            },
        ),
        (_("Préambule"), {"fields": ("chapeau_objectifs", "chapeau_moyens")}),
        (_("Suivi"), {"fields": ("cree_le",)}),
    )
    inlines = [
        PartieInline,
        ConsiderantInline,
        ObjectifInline,
        MoyenInline,
        ArticleInline,
        ComiteInline,
        AvenantInline,
        ManquementInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).avec_vie()

    @admin.display(boolean=True, description=_("en vigueur aujourd'hui"))
    def en_vigueur(self, obj):
        return obj.etat(timezone.localdate()).en_vigueur

    @admin.display(description=_("prochain comité avant le"))
    def comite_avant(self, obj):
        return obj.etat(timezone.localdate()).comite_avant

    @admin.display(boolean=True, description=_("scan de l'original"))
    def a_un_scan(self, obj):
        return bool(obj.scan_signe)


class SignatureInline(PerimetreAdmin, admin.StackedInline):
    model = Signature
    extra = 0
    max_num = 1


class EngagementInline(PerimetreAdmin, admin.TabularInline):
    model = Engagement
    extra = 0


@admin.register(ConventionPartie)
class ConventionPartieAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("organisation", "convention", "role", "ordre")
    list_filter = ("convention",)
    list_select_related = ("organisation", "convention")
    search_fields = ("organisation__nom", "organisation__sigle", "role", "designation")
    inlines = [SignatureInline]


@admin.register(Article)
class ArticleAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("numero", "titre", "convention")
    list_display_links = ("numero", "titre")
    list_filter = ("convention",)
    list_select_related = ("convention",)
    search_fields = ("titre", "texte")
    inlines = [EngagementInline]


@admin.register(Signature)
class SignatureAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("signataire_nom", "signataire_qualite", "pour", "signee_le")
    list_filter = ("partie__convention",)
    search_fields = ("signataire_nom", "pour")


@admin.register(Engagement)
class EngagementAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("texte", "partie", "ordre", "article")
    list_filter = ("article__convention", "partie__organisation")
    list_select_related = ("partie__organisation", "article")
    search_fields = ("texte",)


class ElementAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("ordre", "texte", "convention")
    list_filter = ("convention",)
    list_select_related = ("convention",)
    search_fields = ("texte",)


admin.site.register(Considerant, ElementAdmin)
admin.site.register(Objectif, ElementAdmin)
admin.site.register(Moyen, ElementAdmin)


class EvenementAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    """Events are kept: corrections leave a trace in the history, nothing is deleted."""

    list_select_related = ("convention",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComiteSuivi)
class ComiteSuiviAdmin(EvenementAdmin):
    list_display = ("date", "convention", "decision", "annee_rapport")
    list_filter = ("decision", "convention")
    # Each party gives its own answer through the site, where who and when are kept.
    readonly_fields = (
        "accord_ruche",
        "accord_association",
        "decision",
        "invitation_envoyee_le",
    )
    date_hierarchy = "date"
    search_fields = ("participants", "compte_rendu")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "annee_rapport":
            field.help_text = ComiteSuivi.AIDE_ANNEE_RAPPORT
        return field


class ArticleAvenantInline(PerimetreAdmin, admin.StackedInline):
    model = ArticleAvenant
    extra = 1


@admin.register(Avenant)
class AvenantAdmin(EvenementAdmin):
    list_display = ("numero", "convention", "date", "prend_effet_le")
    list_filter = ("convention",)
    date_hierarchy = "prend_effet_le"
    search_fields = ("motif", "articles__titre", "articles__texte")
    inlines = [ArticleAvenantInline]


@admin.register(ArticleAvenant)
class ArticleAvenantAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("numero", "titre", "avenant")
    list_filter = ("avenant__convention",)
    list_select_related = ("avenant__convention",)
    search_fields = ("titre", "texte")


@admin.register(Manquement)
class ManquementAdmin(EvenementAdmin):
    list_display = ("notifie_le", "article", "recue_le", "caduque_le", "remediee_le", "convention")
    # Who notifies is said on the site: the association notifies its own (Article 6).
    readonly_fields = ("partie",)
    list_filter = ("article", "convention")
    date_hierarchy = "notifie_le"
    search_fields = ("description",)

    @admin.display(description=_("caduque le"))
    def caduque_le(self, obj):
        return obj.caduque_le


@admin.register(Resiliation)
class ResiliationAdmin(EvenementAdmin):
    list_display = ("date", "convention")
    date_hierarchy = "date"
    search_fields = ("motif",)


class VisaLectureSeule:
    """A partner's visa is given by one of its own, on the site (Article 5): the admin shows
    visas and never writes one, so staff cannot put the association's visa on a document."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VisaInline(PerimetreAdmin, VisaLectureSeule, admin.TabularInline):
    model = Visa
    extra = 0


@admin.register(DocumentCommunication)
class DocumentCommunicationAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    list_display = ("titre", "nature", "convention", "depose_le", "visas_recus")
    list_filter = ("nature", "convention")
    list_select_related = ("convention",)
    search_fields = ("titre",)
    inlines = [VisaInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("visas")

    @admin.display(description=_("visas reçus"))
    def visas_recus(self, obj):
        return len(obj.visas.all())


@admin.register(Visa)
class VisaAdmin(PerimetreAdmin, VisaLectureSeule, SimpleHistoryAdmin):
    list_display = ("document", "partie", "vise_par", "vise_le")
    list_filter = ("partie__organisation",)
    list_select_related = ("document", "partie__organisation")
    search_fields = ("vise_par", "document__titre")
