"""Staff keep the partners' own logos (Article 5) from their pages, not only the admin; a
partner's representative uploads its own organisation's."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, UpdateView

from partenariats.forms.organisation import LogoForm
from partenariats.logos import logo_de
from ruche.access import PersonnelMixin, RoleRequiredMixin, sans_organisation
from ruche.models import Organisation
from ruche.perimetre import partenaire_lecteur
from ruche.roles import PERSONNEL, REPRESENTANT, est_personnel


def organisations_partenaires(utilisateur=None):
    """The Ruche and every organisation party to a convention, those with a logo to show: of
    the places `utilisateur` sees (another place's partner is none of their business), of
    every place without one."""
    organisations = Organisation.objects.all()
    if utilisateur is not None:
        organisations = organisations.des_lieux_de(utilisateur)
    return (
        organisations.filter(Q(est_la_ruche=True) | Q(conventions__isnull=False))
        .distinct()
        .order_by("-est_la_ruche", "nom")
    )


class OrganisationListView(PersonnelMixin, ListView):
    template_name = "partenariats/organisations.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return organisations_partenaires(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lignes"] = [(o, logo_de(o)) for o in context["organisations"]]
        return context


class LogoUpdateView(RoleRequiredMixin, UpdateView):
    """Staff for the partners of their places and the Ruche; a partner's representative for
    its own organisation only (another's is a 404). The same content checks for both."""

    roles = (PERSONNEL, REPRESENTANT)
    template_name = "partenariats/logo_formulaire.html"
    form_class = LogoForm
    context_object_name = "organisation"

    def dispatch(self, request, *args, **kwargs):
        sans_organisation(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if est_personnel(self.request.user):
            return organisations_partenaires(self.request.user)
        # A representative's own organisation, wherever it holds its conventions.
        return organisations_partenaires().filter(
            pk=partenaire_lecteur(self.request.user), est_la_ruche=False
        )

    def get_context_data(self, **kwargs):
        # The logo in place, not the refused file: the preview shows what the pages show.
        enregistree = Organisation.objects.get(pk=self.object.pk)
        return super().get_context_data(
            enregistree=enregistree,
            apercu=logo_de(enregistree),
            du_personnel=est_personnel(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request,
            _("Le logo de %(organisation)s est enregistré. Il paraît sur les pages et les PDF.")
            % {"organisation": self.object.sigle or self.object.nom},
        )
        return redirect("partenariats:logo_modifier", pk=self.object.pk)
