"""Communication documents (Article 5) for staff, the committee and the partners' volunteers:
what waits for whose visa, each partner's own visa, publication once both are given.

A volunteer sees the documents of the conventions their organisation is party to; another
organisation's document is a 404 (`DocumentCommunication.objects.visibles_par`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from partenariats.forms.communication import DepotDocumentForm
from partenariats.models import Convention, DocumentCommunication
from partenariats.models.communication import peut_viser
from partenariats.services.communication import deposer_document, publier, viser
from ruche.access import RoleRequiredMixin
from ruche.fichiers import servir
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, REPRESENTANT, a_le_role, est_personnel


def documents_visibles(utilisateur):
    return (
        DocumentCommunication.objects.visibles_par(utilisateur)
        .select_related("convention")
        .prefetch_related("visas__partie__organisation", "convention__parties__organisation")
    )


def conventions_du_deposant(utilisateur):
    conventions = Convention.objects.order_by("-debut")
    if est_personnel(utilisateur):
        return conventions.des_lieux_de(utilisateur)
    return conventions.filter(parties__organisation_id=utilisateur.organisation_id).distinct()


class DocumentListView(RoleRequiredMixin, ListView):
    roles = (PERSONNEL, COMITE, BENEVOLE, REPRESENTANT)
    template_name = "partenariats/communication/liste.html"

    def get_queryset(self):
        return documents_visibles(self.request.user).order_by("-depose_le")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        utilisateur = self.request.user
        lignes = []
        for document in context["object_list"]:
            mien = next(
                (p for p in document.convention.parties.all() if peut_viser(utilisateur, p)), None
            )
            manquants = document.visas_manquants()
            lignes.append(
                {
                    "document": document,
                    "manquants": manquants,
                    "je_peux_viser": mien is not None and mien in manquants,
                    "je_peux_publier": mien is not None and document.publiable,
                }
            )
        peut_deposer = a_le_role(utilisateur, PERSONNEL, BENEVOLE, REPRESENTANT)
        context.update(lignes=lignes, peut_deposer=peut_deposer)
        return context


class DocumentDeposerView(RoleRequiredMixin, FormView):
    roles = (PERSONNEL, BENEVOLE, REPRESENTANT)
    template_name = "partenariats/communication/deposer.html"
    form_class = DepotDocumentForm

    def get_form_kwargs(self):
        conventions = conventions_du_deposant(self.request.user)
        return {**super().get_form_kwargs(), "conventions": conventions}

    def form_valid(self, form):
        donnees = form.cleaned_data
        with transaction.atomic():
            deposer_document(
                convention=donnees["convention"],
                titre=donnees["titre"],
                nature=donnees["nature"],
                fichier=donnees["fichier"],
                par=self.request.user,
            )
        messages.success(
            self.request,
            _("Le document est enregistré. L'autre partenaire est prévenu : il attend son visa."),
        )
        return redirect("partenariats:communication")


class DocumentMixin(RoleRequiredMixin):
    def document(self):
        return get_object_or_404(documents_visibles(self.request.user), pk=self.kwargs["document"])


class ViserView(DocumentMixin, View):
    """Gives the visa of the person's own partner (never another partner's)."""

    roles = (PERSONNEL, BENEVOLE, REPRESENTANT)

    def post(self, request, document):
        document = self.document()
        try:
            with transaction.atomic():
                visa = viser(document=document, utilisateur=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(
                request,
                _("Visa de %(partenaire)s donné pour « %(titre)s ».")
                % {"partenaire": visa.partie.organisation, "titre": document.titre},
            )
        return redirect("partenariats:communication")


class PublierView(DocumentMixin, View):
    """A partner's member marks the document published, once both visas are given."""

    roles = (PERSONNEL, BENEVOLE, REPRESENTANT)

    def post(self, request, document):
        document = self.document()
        if not any(peut_viser(request.user, p) for p in document.convention.parties.all()):
            return redirect("partenariats:communication")
        try:
            publier(document=document)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, _("« %(titre)s » est publié.") % {"titre": document.titre})
        return redirect("partenariats:communication")


class FichierView(DocumentMixin, View):
    roles = (PERSONNEL, COMITE, BENEVOLE, REPRESENTANT)

    def get(self, request, document):
        document = self.document()
        return servir(
            document.fichier,
            document.fichier_type,
            nom_telechargement=f"document-{document.pk}",
        )
