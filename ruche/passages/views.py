"""The front desk's visitor log: record a visit in one or two taps, see the day, undo."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ruche.access import PersonnelMixin
from ruche.messages import SUR_PLACE
from ruche.models import DetailsMediation, Passage
from ruche.models.passage import Modification
from ruche.passages.forms import (
    CorrectionForm,
    DetailsMediationForm,
    PassageForm,
    SuppressionForm,
)
from ruche.passages.services import (
    CHAMPS_CORRIGEABLES,
    corriger_passage,
    detailler_mediation,
    enregistrer_passage,
    supprimer_passage,
)
from ruche.perimetre import SANS_LIEU, lieux_de_saisie


def lire_jour(valeur):
    """The day asked in the query string; None when it is not a date."""
    if not valeur:
        return timezone.localdate()
    try:
        jour = date.fromisoformat(valeur)
    except ValueError:
        return None
    # The day after 9999-12-31 does not exist: far years are refused like bad dates.
    return jour if 2000 <= jour.year <= 2200 else None


def retour_au_journal(passage):
    jour = timezone.localtime(passage.quand).date()
    url = reverse("passages:journal")
    return url if jour == timezone.localdate() else f"{url}?jour={jour.isoformat()}"


class JournalView(PersonnelMixin, View):
    template_name = "ruche/passages/journal.html"

    def lieux(self):
        if not hasattr(self, "_lieux"):
            self._lieux = lieux_de_saisie(self.request.user)
        return self._lieux

    def formulaire(self, data=None):
        return PassageForm(data, lieux=self.lieux())

    def contexte(self, form, jour):
        passages = list(
            Passage.objects.des_lieux_de(self.request.user)
            .du_jour(jour)
            .select_related("auteur", "partenaire", "operateur", "theme_operateur__operateur")
            .annotate(
                a_details_mediation=Exists(DetailsMediation.objects.filter(passage=OuterRef("pk")))
            )
        )
        for passage in passages:
            passage.regle = passage.regle_modification(self.request.user)
        return {
            "form": form,
            "jour": jour,
            "aujourdhui": jour == timezone.localdate(),
            "passages": passages,
            "accompagnements": Passage.Accompagnement.choices,
            "Modification": Modification,
            # Staff without a place in an install with several: nothing to record for.
            "sans_lieu": SANS_LIEU if not self.lieux() else "",
        }

    def get(self, request):
        jour = lire_jour(request.GET.get("jour"))
        if jour is None:
            messages.error(request, _("Cette date n'est pas valable : voici aujourd'hui."))
            jour = timezone.localdate()
        return render(request, self.template_name, self.contexte(self.formulaire(), jour))

    def post(self, request):
        form = self.formulaire(request.POST)
        if form.is_valid():
            try:
                passage = enregistrer_passage(auteur=request.user, **form.cleaned_data)
            except ValidationError as erreur:
                form.add_error(None, erreur)
            else:
                messages.success(
                    request,
                    _("Passage enregistré : %(passage)s.")
                    % {"passage": passage.get_accompagnement_display()},
                    extra_tags=SUR_PLACE,
                )
                # Back at the buttons, not at the top of the page: the next tap is at hand.
                return redirect(reverse("passages:journal") + "#saisie")
        contexte = self.contexte(form, timezone.localdate())
        return render(request, self.template_name, contexte, status=400)


class PassageMixin(PersonnelMixin):
    """Access first (login, role), then the visit and the rule that applies to it."""

    def get_passage(self, pk):
        passage = get_object_or_404(
            Passage.objects.des_lieux_de(self.request.user).select_related("partenaire", "auteur"),
            pk=pk,
        )
        regle = passage.regle_modification(self.request.user)
        if regle == Modification.INTERDITE:
            raise PermissionDenied
        return passage, regle == Modification.AVEC_MOTIF


class CorrigerPassageView(PassageMixin, View):
    template_name = "ruche/passages/corriger.html"

    def get(self, request, pk):
        passage, motif_requis = self.get_passage(pk)
        form = CorrectionForm(instance=passage, motif_requis=motif_requis)
        return render(request, self.template_name, {"form": form, "passage": passage})

    def post(self, request, pk):
        passage, motif_requis = self.get_passage(pk)
        form = CorrectionForm(request.POST, instance=passage, motif_requis=motif_requis)
        if form.is_valid():
            champs = {nom: form.cleaned_data[nom] for nom in CHAMPS_CORRIGEABLES}
            try:
                corriger_passage(
                    passage=passage, par=request.user, motif=form.cleaned_data["motif"], **champs
                )
            except ValidationError as erreur:
                form.add_error(None, erreur)
            else:
                messages.success(request, _("Passage corrigé."))
                return redirect(retour_au_journal(passage))
        return render(request, self.template_name, {"form": form, "passage": passage}, status=400)


class SupprimerPassageView(PassageMixin, View):
    """A GET asks "Supprimer ce passage ?"; only the POST of that page deletes."""

    template_name = "ruche/passages/supprimer.html"

    def contexte(self, form, passage):
        return {"form": form, "passage": passage, "retour": retour_au_journal(passage)}

    def get(self, request, pk):
        passage, motif_requis = self.get_passage(pk)
        form = SuppressionForm(motif_requis=motif_requis)
        return render(request, self.template_name, self.contexte(form, passage))

    def post(self, request, pk):
        passage, motif_requis = self.get_passage(pk)
        form = SuppressionForm(request.POST, motif_requis=motif_requis)
        if form.is_valid():
            retour = retour_au_journal(passage)
            supprimer_passage(passage=passage, par=request.user, motif=form.cleaned_data["motif"])
            messages.success(request, _("Passage supprimé."))
            return redirect(retour)
        return render(request, self.template_name, self.contexte(form, passage), status=400)


class MediationView(PassageMixin, View):
    """The mediation network's details of a visit, added after the one tap: every field is
    optional, and adding them needs no reason (the history keeps who and when)."""

    template_name = "ruche/passages/mediation.html"

    def details(self, passage):
        return DetailsMediation.objects.filter(passage=passage).first()

    def get(self, request, pk):
        passage, _motif = self.get_passage(pk)
        form = DetailsMediationForm(instance=self.details(passage), passage=passage)
        return render(request, self.template_name, {"form": form, "passage": passage})

    def post(self, request, pk):
        passage, _motif = self.get_passage(pk)
        form = DetailsMediationForm(request.POST, instance=self.details(passage), passage=passage)
        if form.is_valid():
            try:
                detailler_mediation(passage=passage, par=request.user, **form.cleaned_data)
            except ValidationError as erreur:
                form.add_error(None, erreur)
            else:
                messages.success(request, _("Détails de médiation enregistrés."))
                return redirect(retour_au_journal(passage))
        return render(request, self.template_name, {"form": form, "passage": passage}, status=400)
