"""A breach notification's life: its letter as a PDF, its receipt, its remedy (Article 6)."""

from functools import cached_property

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from partenariats import forms
from partenariats.models import Manquement
from partenariats.pdf import lettre_manquement_pdf
from partenariats.views import ConventionFormView, conventions_completes
from ruche.access import PersonnelMixin
from ruche.pdf import pdf_response


class LettreManquementView(PersonnelMixin, View):
    def get(self, request, pk, manquement):
        convention = get_object_or_404(conventions_completes(request.user), pk=pk)
        manquement = get_object_or_404(Manquement, pk=manquement, convention=convention)
        contenu = lettre_manquement_pdf(convention, manquement)
        return pdf_response(contenu, f"convention-{pk}-manquement-{manquement.pk}-lettre.pdf")


class ManquementFormView(ConventionFormView):
    """A form about one notification of the convention (a 404 for another convention's)."""

    @cached_property
    def manquement(self):
        return get_object_or_404(
            Manquement, pk=self.kwargs["manquement"], convention=self.convention
        )

    def get_instance(self):
        return self.manquement

    def get_context_data(self, **kwargs):
        return super().get_context_data(sous_titre=str(self.manquement), **kwargs)


class ReceptionView(ManquementFormView):
    form_class = forms.ReceptionForm
    titre = _("Noter la réception de la lettre")

    def form_valid(self, form):
        with transaction.atomic():
            manquement = form.save()
        messages.success(self.request, manquement.consequence().capitalize() + ".")
        if manquement.fin_le is not None:
            # The end is now known: the confirmed step shows what it cancels.
            return redirect("partenariats:fin", pk=self.convention.pk)
        return redirect("partenariats:detail", pk=self.convention.pk)


class RemedeView(ManquementFormView):
    form_class = forms.RemedeForm
    titre = _("Constater que le manquement est réparé")
    message = _("La réparation est notée : la convention ne devient pas caduque.")
