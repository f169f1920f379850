"""The confirmed ending of a convention: what it cancels first, then, once confirmed, the
cancellation and the residents told (partenariats.services.fin)."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from partenariats import terme
from partenariats.forms.fin import ResiliationFinForm
from partenariats.models import Convention
from partenariats.services.fin import apercu_fin, fin_connue, mettre_fin
from ruche.access import RoleRequiredMixin
from ruche.roles import PERSONNEL, REPRESENTANT, est_personnel


class FinView(RoleRequiredMixin, View):
    """GET: what ends and when. POST: preview (a termination being typed), or `confirmer`.

    A partner's representative reads what ends of its activity (a refusal at the committee,
    a failure notified either way); staff alone terminate and confirm."""

    roles = (PERSONNEL, REPRESENTANT)

    template_name = "partenariats/fin.html"

    @cached_property
    def convention(self):
        return get_object_or_404(
            Convention.objects.avec_vie().visibles_par(self.request.user), pk=self.kwargs["pk"]
        )

    def rendre(self, **context):
        context.setdefault("convention", self.convention)
        context["peut_confirmer"] = est_personnel(self.request.user)
        termes = self.convention.termes()
        fin = fin_connue(self.convention)
        if terme.motif_fin(termes) == terme.CADUQUE and fin and fin > timezone.localdate():
            # Article 6: the failure may still be remedied until the lapse.
            context["remediable_jusqu_au"] = fin - terme.UN_JOUR
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        if fin_connue(self.convention) is not None:
            return self.rendre(apercu=apercu_fin(self.convention))
        if not est_personnel(request.user):
            return self.rendre()  # nothing ends: the page says so
        return self.rendre(form=ResiliationFinForm(convention=self.convention))

    def post(self, request, pk):
        if not est_personnel(request.user):
            raise PermissionDenied
        confirmer = "confirmer" in request.POST
        if fin_connue(self.convention) is not None:
            if not confirmer:
                return self.rendre(apercu=apercu_fin(self.convention))
            return self.terminer(mettre_fin(convention=self.convention, par=request.user))
        form = ResiliationFinForm(request.POST, convention=self.convention)
        if not form.is_valid():
            return self.rendre(form=form)
        date, motif = form.cleaned_data["date"], form.cleaned_data["motif"]
        if not confirmer:
            return self.rendre(form=form, apercu=apercu_fin(self.convention, date), resilier=True)
        try:
            fait = mettre_fin(
                convention=self.convention,
                par=request.user,
                resilier_le=date,
                motif_resiliation=motif,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.rendre(form=form)
        return self.terminer(fait)

    def terminer(self, fait):
        messages.success(
            self.request,
            _(
                "C'est fait : la convention s'applique jusqu'au %(dernier)s. %(annule)s "
                "%(personnes)s personne(s) vont recevoir un message."
            )
            % {
                "dernier": fait.dernier_jour.strftime("%d/%m/%Y"),
                "annule": " ".join(f"{r.titre} : {r.nombre}." for r in fait.rubriques if r.nombre)
                or _("Il n'y avait rien à annuler."),
                "personnes": fait.personnes_prevenues,
            },
        )
        return redirect("partenariats:detail", pk=self.convention.pk)
