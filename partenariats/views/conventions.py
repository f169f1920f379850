"""The conventions' list, each convention's page, and its PDF and its amendments' PDFs: for
the Ruche's desk, the committee, the coordination and the partners' representatives."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from partenariats import comites, forms
from partenariats.models import Article, Convention, ConventionPartie
from partenariats.models.convention import chronologie, partie_de
from partenariats.pdf import avenant_pdf, convention_pdf
from partenariats.services.manquements import (
    peut_noter_reception,
    peut_noter_remede,
)
from ruche.access import ConventionsMixin
from ruche.pdf import pdf_response
from ruche.perimetre import lieux_au_choix, lieux_filtres, tous_les_lieux
from ruche.roles import (
    BENEVOLE,
    COMITE,
    COORDINATION,
    PERSONNEL,
    REPRESENTANT,
    a_le_role,
    est_personnel,
)


def conventions_completes(utilisateur):
    """The conventions of the places `utilisateur` sees, with everything their page and PDF
    show, in a fixed number of queries."""
    return (
        Convention.objects.avec_vie()
        .visibles_par(utilisateur)
        .prefetch_related(
            "considerants",
            "objectifs",
            "moyens",
            Prefetch(
                "articles",
                queryset=Article.objects.prefetch_related(
                    Prefetch(
                        "engagements__partie", queryset=ConventionPartie.objects.order_by("ordre")
                    )
                ),
            ),
            "avenants__articles",
            "documents__visas__partie",
            "manquements__engagements",
            "rencontres",
        )
    )


class ConventionListView(ConventionsMixin, ListView):
    template_name = "partenariats/convention_list.html"
    context_object_name = "conventions"

    def get_queryset(self):
        conventions = Convention.objects.avec_vie().visibles_par(self.request.user)
        # One place at a time for whoever sees several (`?lieu=`; another place is a 404).
        if choisi := self.request.GET.get("lieu"):
            conventions = conventions.des_lieux(lieux_filtres(self.request.user, choisi))
        return conventions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choisi = self.request.GET.get("lieu")
        context["lieux_au_choix"] = lieux_au_choix(self.request.user)
        context["lieu_choisi"] = tous_les_lieux().get(int(choisi)) if choisi else None
        jour = timezone.localdate()
        context["jour"] = jour
        context["lignes"] = [(c, c.etat(jour), c.alertes(jour)) for c in context["conventions"]]
        return context


class ConventionDetailView(ConventionsMixin, DetailView):
    template_name = "partenariats/convention_detail.html"
    context_object_name = "convention"

    def get_queryset(self):
        return conventions_completes(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        convention = self.object
        aujourdhui = timezone.localdate()
        form = forms.DateConsolidationForm(self.request.GET or None)
        jour = aujourdhui
        if form.is_valid() and form.cleaned_data["date"]:
            jour = form.cleaned_data["date"]
        parties = convention.parties.all()
        documents = []
        for document in convention.documents.all():
            visees = {visa.partie_id for visa in document.visas.all()}
            documents.append((document, [p for p in parties if p.pk not in visees]))
        utilisateur = self.request.user
        # The Ruche's desk (staff, committee, coordination) or a partner speaking for itself.
        du_cote_ruche = a_le_role(utilisateur, PERSONNEL, COMITE, COORDINATION)
        representee = partie_de(utilisateur, convention)
        if representee is not None and representee.organisation.est_la_ruche:
            representee = None
        context.update(
            aujourdhui=aujourdhui,
            etat=convention.etat(aujourdhui),
            alertes=convention.alertes(aujourdhui)
            if du_cote_ruche
            else convention.alertes_partenaire(aujourdhui),
            partie_representee=representee,
            manquements=[
                {
                    "objet": m,
                    "auteur": m.auteur(parties),
                    "engagements": list(m.engagements.all()),
                    "peut_reception": peut_noter_reception(utilisateur, m, parties),
                    "peut_remede": peut_noter_remede(utilisateur, m, parties),
                }
                for m in convention.manquements.all()
            ],
            rencontres=convention.rencontres.all(),
            peut_compte_rendu=a_le_role(utilisateur, PERSONNEL, COMITE),
            # Only what the person may open: the coordination has no visas page.
            voit_communication=a_le_role(utilisateur, PERSONNEL, COMITE, BENEVOLE, REPRESENTANT),
            form_date=form,
            jour_texte=jour,
            articles=convention.articles_en_vigueur(jour),
            changements=convention.changements(),
            avenants=convention.avenants.all(),
            chronologie=chronologie(convention),
            documents=documents,
            peut_modifier=est_personnel(self.request.user),
            comites=convention.comites.all(),
            periodes_sans_comite=[
                (p, comites.annee_du_comite(p)) for p in convention.periodes_sans_comite(aujourdhui)
            ],
        )
        return context


class ConventionPdfView(ConventionsMixin, DetailView):
    def get_queryset(self):
        return conventions_completes(self.request.user)

    def get(self, request, *args, **kwargs):
        convention = self.get_object()
        signee = request.GET.get("version") == "signee"
        form = forms.DateConsolidationForm(request.GET)
        if not form.is_valid():
            # The convention's page shows the French message beside the date field.
            adresse = reverse("partenariats:detail", args=[convention.pk])
            return redirect(f"{adresse}?{urlencode({'date': request.GET.get('date', '')})}")
        jour = form.cleaned_data["date"] or timezone.localdate()
        contenu = convention_pdf(convention, signee=signee, jour=jour)
        suffixe = "signee" if signee else f"{jour:%Y-%m-%d}"
        return pdf_response(contenu, f"convention-{convention.pk}-{suffixe}.pdf")


class AvenantPdfView(ConventionsMixin, DetailView):
    def get_queryset(self):
        return conventions_completes(self.request.user)

    def get(self, request, *args, **kwargs):
        convention = self.get_object()
        avenant = next(
            (a for a in convention.avenants.all() if a.numero == self.kwargs["numero"]), None
        )
        if avenant is None:
            raise Http404(_("Cet avenant n'existe pas."))
        contenu = avenant_pdf(convention, avenant)
        return pdf_response(contenu, f"convention-{convention.pk}-avenant-{avenant.numero}.pdf")
