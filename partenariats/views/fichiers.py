"""Uploaded files of a convention, served once access is checked: the signed original and
the communication documents."""

from django.shortcuts import get_object_or_404
from django.views import View

from partenariats.models import Convention, DocumentCommunication
from ruche.access import ConventionsMixin
from ruche.fichiers import servir


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
