"""Article 4 meetings, recorded by either party; and the report's Article 2 commitment by
commitment, with what the parties add where the app cannot measure."""

from functools import cached_property

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from partenariats.bilan import bilan_article2
from partenariats.forms.rencontre import ComplementsForm, RencontreForm
from partenariats.models import Convention
from partenariats.models.convention import partie_de
from partenariats.services.rencontres import completer_bilan, noter_rencontre, peut_completer
from partenariats.views.formulaires import ConventionFormView
from ruche.access import ConventionsMixin
from ruche.roles import PERSONNEL, REPRESENTANT


class RencontreCreateView(ConventionFormView):
    """Staff or the association's representative note a meeting of the parties."""

    roles = (PERSONNEL, REPRESENTANT)
    form_class = RencontreForm
    titre = _("Noter une rencontre entre les parties (article 4)")
    message = _("La rencontre est notée. L'autre partie est prévenue.")

    def get_instance(self):
        if partie_de(self.request.user, self.convention) is None:
            raise Http404
        return super().get_instance()

    def get_context_data(self, **kwargs):
        sous_titre = _(
            "« Régulièrement, les deux parties se rencontreront pour évaluer ensemble le "
            "travail réalisé. » Ces rencontres paraissent dans le rapport annuel."
        )
        return super().get_context_data(sous_titre=sous_titre, **kwargs)

    def enregistrer(self, form):
        champs = {nom: form.cleaned_data[nom] for nom in form._meta.fields}
        noter_rencontre(convention=self.convention, par=self.request.user, **champs)


class BilanView(ConventionsMixin, View):
    """The report's Article 2 for a year: every commitment of each party with its figures,
    and a text where the app cannot know, which staff (any) or the association's
    representative (its own) write before the committee."""

    template_name = "partenariats/bilan.html"

    @cached_property
    def convention(self):
        return get_object_or_404(
            Convention.objects.visibles_par(self.request.user).prefetch_related(
                "parties__organisation"
            ),
            pk=self.kwargs["pk"],
        )

    def annee(self):
        annee = self.kwargs["annee"]
        if not self.convention.debut.year <= annee <= timezone.localdate().year + 1:
            raise Http404
        return annee

    def rendre(self, annee, listes, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"convention": self.convention, "annee": annee, "listes": listes, "form": form},
            status=status,
        )

    def formulaire(self, listes, data=None):
        lignes = [
            ligne
            for liste in listes
            for ligne in liste.lignes
            if peut_completer(self.request.user, ligne.engagement)
        ]
        return ComplementsForm(data, lignes=lignes) if lignes else None

    def get(self, request, pk, annee):
        annee = self.annee()
        listes = bilan_article2(self.convention, annee)
        return self.rendre(annee, listes, self.formulaire(listes))

    def post(self, request, pk, annee):
        annee = self.annee()
        listes = bilan_article2(self.convention, annee)
        form = self.formulaire(listes, request.POST)
        if form is None:  # nothing this person completes: back to the page
            return redirect("partenariats:bilan", pk=self.convention.pk, annee=annee)
        if not form.is_valid():
            return self.rendre(annee, listes, form, status=400)
        with transaction.atomic():
            completer_bilan(annee=annee, textes=form.textes(), par=request.user)
        messages.success(request, _("Le bilan %(annee)s est complété.") % {"annee": annee})
        return redirect("partenariats:bilan", pk=self.convention.pk, annee=annee)
