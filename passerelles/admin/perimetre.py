"""Staff manage the keys and subscriptions of what they see: their places, and the partner
organisations holding a convention in them (every one for whoever sees every place)."""

from django.db.models import Q
from django.template.response import TemplateResponse

from partenariats.models import ConventionPartie
from ruche.admin.perimetre import PerimetreAdmin
from ruche.models import Lieu, Organisation
from ruche.perimetre import lieux_visibles


def organisations_des_lieux(lieux):
    return ConventionPartie.objects.filter(convention__lieu__in=lieux).values("organisation")


def filtre_titulaire(utilisateur, prefixe=""):
    """A Q on `organisation`/`lieu` (under `prefixe`) for what the person manages; None:
    everything."""
    lieux = lieux_visibles(utilisateur)
    if lieux is None:
        return None
    return Q(**{f"{prefixe}lieu__in": lieux}) | Q(
        **{f"{prefixe}organisation__in": organisations_des_lieux(lieux)}
    )


class TitulaireAdminMixin(PerimetreAdmin):
    """The site's rule in the back office (ruche.admin.perimetre), a key's or a
    subscription's being its holder's (under `chemin`)."""

    chemin = ""

    def perimetre(self, queryset, request):
        filtre = filtre_titulaire(request.user, self.chemin)
        return queryset if filtre is None else queryset.filter(filtre)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lieux = lieux_visibles(request.user)
        if lieux is not None and db_field.name == "lieu":
            kwargs["queryset"] = Lieu.objects.filter(pk__in=lieux)
        if lieux is not None and db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk__in=organisations_des_lieux(lieux))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def montrer_une_fois(request, admin, *, titre, secret, explication, retour):
    """A page showing a key or a secret once: it is never stored in clear, nor cached."""
    reponse = TemplateResponse(
        request,
        "passerelles/admin/secret.html",
        {
            **admin.admin_site.each_context(request),
            "title": titre,
            "secret": secret,
            "explication": explication,
            "retour": retour,
            "opts": admin.model._meta,
        },
    )
    reponse["Cache-Control"] = "no-store"
    return reponse
