"""Convention pages for the Ruche staff and the follow-up committee; staff forms."""

from functools import cached_property

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from partenariats import comites, forms
from partenariats.logos import ids_en_vue, logo_d_entete
from partenariats.models import Article, Convention, ConventionPartie, DocumentCommunication
from partenariats.models.convention import chronologie, partie_de
from partenariats.pdf import avenant_pdf, convention_pdf
from partenariats.services.communication import deposer_document
from partenariats.services.manquements import (
    engagements_de,
    notifier_manquement,
    peut_noter_reception,
    peut_noter_remede,
)
from ruche.access import ConventionsMixin, PersonnelMixin, RoleRequiredMixin
from ruche.fichiers import servir
from ruche.models import Organisation
from ruche.pdf import pdf_response
from ruche.perimetre import lieux_au_choix, lieux_filtres, tous_les_lieux
from ruche.roles import (
    BENEVOLE,
    COMITE,
    COORDINATION,
    PERSONNEL,
    REPRESENTANT,
    has_role,
    is_personnel,
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
        du_cote_ruche = has_role(utilisateur, PERSONNEL, COMITE, COORDINATION)
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
            peut_compte_rendu=has_role(utilisateur, PERSONNEL, COMITE),
            # Only what the person may open: the coordination has no visas page.
            voit_communication=has_role(utilisateur, PERSONNEL, COMITE, BENEVOLE, REPRESENTANT),
            form_date=form,
            jour_texte=jour,
            articles=convention.articles_en_vigueur(jour),
            changements=convention.changements(),
            avenants=convention.avenants.all(),
            chronologie=chronologie(convention),
            documents=documents,
            peut_modifier=is_personnel(self.request.user),
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


# --- staff forms ---------------------------------------------------------------------------


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


class ManquementCreateView(ConventionFormView):
    """The Ruche notifies the association (Article 3 or 6); the association notifies the
    Ruche from its own page (views.manquements.ManquementDeLaRucheView)."""

    form_class = forms.ManquementForm
    titre = _("Notifier un manquement")
    message = _(
        "La notification est enregistrée. Téléchargez la lettre, faites-la signer et envoyez-la "
        "en recommandé. Notez sa réception au retour de l'accusé de réception."
    )

    @cached_property
    def partie(self):
        """The party that notifies: the one the person speaks for."""
        partie = partie_de(self.request.user, self.convention)
        if partie is None:
            raise Http404
        return partie

    def get_instance(self):
        return self.form_class._meta.model(convention=self.convention, partie=self.partie)

    def get_form_kwargs(self):
        autres = [p for p in self.convention.parties.all() if p.pk != self.partie.pk]
        engagements = engagements_de(self.convention, autres[0]) if autres else None
        return {**super().get_form_kwargs(), "engagements": engagements}

    def enregistrer(self, form):
        donnees = form.cleaned_data
        self.manquement = notifier_manquement(
            convention=self.convention,
            partie=self.partie,
            par=self.request.user,
            article=donnees.get("article", form.instance.article),
            notifie_le=donnees["notifie_le"],
            recue_le=donnees.get("recue_le"),
            description=donnees["description"],
            engagements=donnees.get("engagements", []),
        )

    def form_valid(self, form):
        reponse = super().form_valid(form)
        if self.manquement.fin_le is not None and is_personnel(self.request.user):
            return redirect("partenariats:fin", pk=self.convention.pk)
        return reponse


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


# --- uploaded files, served once access is checked ------------------------------------------


class ScanFichierView(ConventionsMixin, View):
    """The signed original: whoever reads the convention's page."""

    def get(self, request, pk):
        convention = get_object_or_404(Convention.objects.visibles_par(request.user), pk=pk)
        return servir(
            convention.scan_signe,
            convention.scan_signe_type,
            nom_telechargement=f"convention-{convention.pk}-original-signe",
        )


class DocumentFichierView(ConventionsMixin, View):
    """A communication document, listed on its convention's page."""

    def get(self, request, pk, document):
        document = get_object_or_404(
            DocumentCommunication.objects.filter(
                convention__in=Convention.objects.visibles_par(request.user)
            ),
            pk=document,
            convention_id=pk,
        )
        return servir(
            document.fichier,
            document.fichier_type,
            nom_telechargement=f"convention-{pk}-document-{document.pk}",
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
        if not has_role(request.user, PERSONNEL, COMITE):
            organisations = organisations.filter(pk=request.user.organisation_id)
        return self.servir(get_object_or_404(organisations, pk=pk))
