"""The organisations' logos: the public page header's two, and each partner's for whoever
may see it."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.views import View

from partenariats.logos import ids_en_vue, logo_d_entete
from ruche.access import RoleRequiredMixin
from ruche.fichiers import servir
from ruche.models import Organisation
from ruche.roles import (
    BENEVOLE,
    COMITE,
    PERSONNEL,
    REPRESENTANT,
    a_le_role,
)


class LogoEnteteView(View):
    """The page header's logos, at fixed addresses: the Ruche's and the first partner in
    force. Their own uploaded logo, else the drawn placeholder. Public, as the header is."""

    def get(self, request, place):
        if place not in ("ruche", "partenaire"):
            raise Http404
        organisation, dessin = logo_d_entete(place)
        if organisation is not None and organisation.logo:
            return servir(
                organisation.logo,
                organisation.logo_type,
                nom_telechargement=f"logo-{organisation.pk}",
            )
        return redirect(static(f"img/{dessin}"))


class LogoView(RoleRequiredMixin, View):
    """A partner's logo. The logos on the public page header (the Ruche's and those of the
    partners in force) are public; any other: staff and the committee see every logo, a
    volunteer their own organisation's; another organisation's logo does not exist for them."""

    roles = (PERSONNEL, COMITE, BENEVOLE, REPRESENTANT)

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("pk") in ids_en_vue():
            return self.servir(get_object_or_404(Organisation, pk=kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def servir(self, organisation):
        return servir(
            organisation.logo, organisation.logo_type, nom_telechargement=f"logo-{organisation.pk}"
        )

    def get(self, request, pk):
        organisations = Organisation.objects.all()
        if not a_le_role(request.user, PERSONNEL, COMITE):
            organisations = organisations.filter(pk=request.user.organisation_id)
        return self.servir(get_object_or_404(organisations, pk=pk))
