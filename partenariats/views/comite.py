"""The follow-up committee: staff plan it; staff or the committee record its minutes and
each party's agreement; the minutes are served only to them."""

from datetime import date
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from partenariats import comites, terme
from partenariats.forms.comite import (
    AccordForm,
    ComiteNonTenuForm,
    CompteRenduComiteForm,
    PlanificationComiteForm,
)
from partenariats.models import ComiteSuivi, Convention
from partenariats.models.convention import partie_de
from partenariats.services.comites import (
    enregistrer_accord,
    enregistrer_compte_rendu,
    noter_comite_non_tenu,
)
from partenariats.services.comites import planifier_comite as planifier
from partenariats.views.formulaires import ConventionFormView
from ruche.access import ConventionsMixin, RepresentantMixin
from ruche.fichiers import servir
from ruche.langues import nom_en_phrase
from ruche.pdf import pdf_response, render_pdf
from ruche.roles import COMITE, PERSONNEL, est_personnel


class ComiteCreateView(ConventionFormView):
    """Staff plan the committee (date, time, place); the association is invited."""

    form_class = PlanificationComiteForm
    titre = _("Planifier le comité de suivi")
    message = _("Le comité de suivi est planifié.")

    def get_instance(self):
        # It meets at the convention's place unless staff type another.
        return ComiteSuivi(convention=self.convention, lieu=self.convention.lieu.nom)

    def get_context_data(self, **kwargs):
        etat = self.convention.etat()
        sous_titre = ""
        if etat.periode is not None:
            debut, fin = etat.periode.trimestre_comite
            sous_titre = _(
                "Il se tient au dernier trimestre de la période : du %(debut)s au %(fin)s."
            ) % {"debut": debut.strftime("%d/%m/%Y"), "fin": fin.strftime("%d/%m/%Y")}
        return super().get_context_data(sous_titre=sous_titre, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            comite = planifier(convention=self.convention, **form.cleaned_data)
        if comite.est_a_venir:
            messages.success(
                self.request,
                _("Le comité de suivi est planifié. L'association reçoit une invitation."),
            )
            return redirect("partenariats:detail", pk=self.convention.pk)
        messages.success(self.request, _("Le comité est noté. Enregistrez son compte rendu."))
        return redirect("partenariats:comite_compte_rendu", pk=self.convention.pk, comite=comite.pk)


class ComiteMixin:
    @cached_property
    def comite(self):
        return get_object_or_404(
            ComiteSuivi.objects.select_related("convention").filter(
                convention__in=Convention.objects.visibles_par(self.request.user)
            ),
            pk=self.kwargs["comite"],
            convention_id=self.kwargs["pk"],
        )


class CompteRenduView(ComiteMixin, ConventionFormView):
    """Attendees and the minutes: staff or the committee; with them the Ruche's answer on
    renewal, given by whoever speaks for the Ruche. The association gives its own."""

    roles = (PERSONNEL, COMITE)
    form_class = CompteRenduComiteForm
    titre = _("Compte rendu du comité de suivi")
    message = _("Le compte rendu du comité est enregistré.")

    def get_instance(self):
        return self.comite

    def get_form_kwargs(self):
        ruche = next(
            (p for p in self.convention.parties.all() if p.organisation.est_la_ruche), None
        )
        peut = ruche is not None and ruche.agit_pour(self.request.user)
        return {**super().get_form_kwargs(), "accord_ruche": peut}

    def get_context_data(self, **kwargs):
        return super().get_context_data(sous_titre=str(self.comite), **kwargs)

    def enregistrer(self, form):
        enregistrer_compte_rendu(comite=form.instance, par=self.request.user)

    def form_valid(self, form):
        reponse = super().form_valid(form)
        refus = form.instance.decision == ComiteSuivi.Decision.NE_PAS_RECONDUIRE
        if refus and est_personnel(self.request.user):
            # Not renewed: the confirmed ending shows what the end of the period cancels.
            return redirect("partenariats:fin", pk=self.convention.pk)
        return reponse


class AccordView(ComiteMixin, RepresentantMixin, View):
    """A partner's representative gives the association's own answer on renewal at the
    committee: its agreement or its refusal (Article 1). Staff record the Ruche's."""

    template_name = "partenariats/comite_accord.html"

    def partie(self):
        convention = (
            Convention.objects.visibles_par(self.request.user)
            .prefetch_related("parties__organisation")
            .get(pk=self.comite.convention_id)
        )
        partie = partie_de(self.request.user, convention)
        if partie is None or partie.organisation.est_la_ruche:
            raise Http404
        return convention, partie

    def rendre(self, form, convention, partie, status=200):
        etat = convention.etat(self.comite.date)
        prochaine = None
        if etat.periode is not None:
            prochaine = terme.periode_numero(convention.termes(), etat.periode.numero + 1)
        return render(
            self.request,
            self.template_name,
            {
                "convention": convention,
                "comite": self.comite,
                "partie": partie,
                "form": form,
                "periode": etat.periode,
                "prochaine": prochaine,
                "pas_encore": self.comite.date > timezone.localdate(),
            },
            status=status,
        )

    def get(self, request, pk, comite):
        convention, partie = self.partie()
        initial = {}
        if self.comite.accord_association != ComiteSuivi.Accord.EN_ATTENTE:
            initial["accord"] = self.comite.accord_association
        return self.rendre(AccordForm(initial=initial), convention, partie)

    def post(self, request, pk, comite):
        convention, partie = self.partie()
        form = AccordForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    enregistrer_accord(
                        comite=self.comite,
                        partie=partie,
                        accord=form.cleaned_data["accord"],
                        par=request.user,
                    )
            except ValidationError as erreur:
                form.add_error(None, erreur.messages)
            else:
                prevenue = {"lieu": nom_en_phrase(convention.lieu.nom)}
                if self.comite.accord_association == ComiteSuivi.Accord.REFUS:
                    message = _(
                        "Votre refus est enregistré : la convention ne sera pas reconduite. "
                        "L'équipe de %(lieu)s est prévenue."
                    )
                else:
                    message = _("Votre accord est enregistré. L'équipe de %(lieu)s est prévenue.")
                messages.success(request, message % prevenue)
                return redirect("partenariats:detail", pk=convention.pk)
        return self.rendre(form, convention, partie, status=400)


class CompteRenduFichierView(ComiteMixin, ConventionsMixin, View):
    """The signed minutes: whoever reads the convention."""

    def get(self, request, pk, comite):
        return servir(
            self.comite.compte_rendu_pdf,
            self.comite.compte_rendu_pdf_type,
            nom_telechargement=f"comite-{self.comite.date:%Y-%m-%d}-compte-rendu-signe",
        )


class CompteRenduPdfView(ComiteMixin, ConventionsMixin, View):
    """The minutes typed in the app, printed as a PDF."""

    def get(self, request, pk, comite):
        comite = self.comite
        if not comite.compte_rendu.strip():
            raise Http404(_("Ce comité n'a pas de compte rendu écrit."))
        convention = comite.convention
        parties = list(convention.parties.select_related("organisation"))
        contenu = render_pdf(
            "partenariats/pdf/compte_rendu.html",
            {
                "comite": comite,
                "convention": convention,
                "parties": parties,
                "ruche": next((p for p in parties if p.organisation.est_la_ruche), None),
                "association": next((p for p in parties if not p.organisation.est_la_ruche), None),
            },
        )
        return pdf_response(contenu, f"comite-{comite.date:%Y-%m-%d}-compte-rendu.pdf")


class ComiteNonTenuView(ConventionFormView):
    """Staff say what happened in a period whose committee was not held."""

    form_class = ComiteNonTenuForm
    message = _("C'est noté : la période n'est plus signalée.")

    @cached_property
    def periode(self):
        try:
            fin = date.fromisoformat(self.kwargs["fin"])
        except ValueError:
            raise Http404 from None
        periode = next((p for p in self.convention.periodes_sans_comite() if p.fin == fin), None)
        if periode is None:
            raise Http404(_("Cette période n'est pas signalée."))
        return periode

    @property
    def titre(self):
        return _("Comité %(annee)s non tenu : ce qui s'est passé") % {
            "annee": comites.annee_du_comite(self.periode)
        }

    def get_instance(self):
        return self.form_class._meta.model(convention=self.convention, periode_fin=self.periode.fin)

    def enregistrer(self, form):
        utilisateur = self.request.user
        noter_comite_non_tenu(
            convention=self.convention,
            periode_fin=self.periode.fin,
            explication=form.cleaned_data["explication"],
            par=utilisateur.get_full_name() or utilisateur.get_username(),
        )
