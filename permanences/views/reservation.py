"""Booking a room for an extra permanence, and cancelling one occurrence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from permanences.forms.reservation import AnnulationForm, ReservationPonctuelleForm
from permanences.services.calendrier import annuler_occurrence, reserver_permanence_ponctuelle
from permanences.services.salles import (
    SallePrise,
    intervalle,
    recherche_de_salles,
)
from permanences.views.base import EspaceScopeMixin
from ruche.perimetre import lieux_visibles


class ReserverView(EspaceScopeMixin, FormView):
    """Two buttons: "see the free rooms" narrows the list, "book" books or explains why not."""

    template_name = "permanences/espace/reserver.html"
    form_class = ReservationPonctuelleForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(utilisateur=self.request.user, voit_tout=self.voit_tout)
        return kwargs

    def get_initial(self):
        # The "next free times" links come back here with the form already filled.
        initial = {"intervenants": [self.request.user.pk]}
        for champ in ("date", "heure_debut", "heure_fin", "salle"):
            if self.request.GET.get(champ):
                initial[champ] = self.request.GET[champ]
        return initial

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if request.POST.get("action") == "chercher":
            return self.chercher(form)
        return super().post(request, *args, **kwargs)

    def chercher(self, form):
        form.fields["salle"].required = False
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        debut, fin = intervalle(data["date"], data["heure_debut"], data["heure_fin"])
        lieux = lieux_visibles(self.request.user) if self.voit_tout else None
        libres, fermee = recherche_de_salles(jour=data["date"], debut=debut, fin=fin, lieux=lieux)
        if fermee:
            # The booking would refuse that day: no room is offered for it.
            form.add_error("date", fermee)
            return self.render_to_response(self.get_context_data(form=form))
        form.fields["salle"].queryset = libres
        return self.render_to_response(
            self.get_context_data(form=form, salles_cherchees=True, nombre_libres=libres.count())
        )

    def form_valid(self, form):
        data = form.cleaned_data
        organisation = data.get("organisation") or self.request.user.organisation
        try:
            occurrence = reserver_permanence_ponctuelle(
                organisation=organisation,
                salle=data["salle"],
                date=data["date"],
                heure_debut=data["heure_debut"],
                heure_fin=data["heure_fin"],
                demarches=data["demarches"],
                intervenants=data.get("intervenants") or [],
                par=self.request.user,
                accueil=data["accueil"],
            )
        except SallePrise as exc:
            form.add_error(None, exc)
            return self.render_to_response(
                self.get_context_data(form=form, alternatives=exc.alternatives)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("C'est réservé : %(salle)s, le %(date)s de %(debut)s à %(fin)s.")
            % {
                "salle": occurrence.salle,
                "date": occurrence.date.strftime("%d/%m/%Y"),
                "debut": data["heure_debut"].strftime("%H:%M"),
                "fin": data["heure_fin"].strftime("%H:%M"),
            },
        )
        return redirect("permanences:jour", jour=occurrence.date)


class AnnulerView(EspaceScopeMixin, FormView):
    """A confirmation page, then POST: the occurrence is marked "non maintenue", never deleted."""

    template_name = "permanences/espace/annuler.html"
    form_class = AnnulationForm

    @cached_property
    def occurrence(self):
        # Looked up after the role check of dispatch(): anonymous people are sent to log in.
        return get_object_or_404(self.occurrences(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["occurrence"] = self.occurrence
        context["passee"] = self.occurrence.fin <= timezone.now()
        return context

    def form_valid(self, form):
        try:
            annuler_occurrence(
                occurrence=self.occurrence, motif=form.cleaned_data["motif"], par=self.request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("La permanence du %(date)s est annulée. La Ruche est prévenue.")
            % {"date": self.occurrence.date.strftime("%d/%m/%Y")},
        )
        return redirect(reverse("permanences:jour", kwargs={"jour": self.occurrence.date}))
