"""The staff's forms about one convention: the signed original's scan, a communication
document, an amendment; each saved whole or not at all, then back to the convention's page."""

from functools import cached_property

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from partenariats import forms
from partenariats.models import Convention
from partenariats.services.communication import deposer_document
from ruche.access import PersonnelMixin


class ConventionFormView(PersonnelMixin, FormView):
    """A staff form about one convention: saved whole or not at all, then back to its page."""

    template_name = "partenariats/formulaire.html"
    titre = ""
    message = ""

    @cached_property
    def convention(self):
        return get_object_or_404(
            Convention.objects.avec_vie().visibles_par(self.request.user), pk=self.kwargs["pk"]
        )

    def get_instance(self):
        return self.form_class._meta.model(convention=self.convention)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_instance()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(convention=self.convention, titre=self.titre, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            self.enregistrer(form)
        messages.success(self.request, self.message)
        return redirect("partenariats:detail", pk=self.convention.pk)

    def enregistrer(self, form):
        form.save()


class ScanUpdateView(ConventionFormView):
    form_class = forms.ScanForm
    titre = _("Déposer le scan de l'original signé")
    message = _("Le scan de l'original signé est enregistré.")

    def get_instance(self):
        return self.convention


class DocumentCreateView(ConventionFormView):
    form_class = forms.DocumentCommunicationForm
    titre = _("Ajouter un document de communication")
    message = _("Le document est enregistré. L'autre partenaire est prévenu : il attend son visa.")

    def enregistrer(self, form):
        deposer_document(convention=self.convention, par=self.request.user, **form.cleaned_data)


class AvenantCreateView(ConventionFormView):
    form_class = forms.AvenantForm
    template_name = "partenariats/avenant_formulaire.html"
    titre = _("Enregistrer un avenant")
    message = _("L'avenant est enregistré.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.formset(context["form"].instance))
        return context

    def formset(self, avenant):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.ArticleAvenantFormSet(data, instance=avenant, prefix="articles")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.formset(form.instance)
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                avenant = form.save()
                formset.instance = avenant
                formset.save()
            messages.success(request, self.message)
            return redirect("partenariats:detail", pk=self.convention.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
