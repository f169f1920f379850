"""The volunteers' side of workshops: their organisation's workshops, who registered, and
who came (staff see every organisation's)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from permanences.models import Atelier, Inscription
from permanences.services.ateliers import marquer_presence_atelier
from ruche.access import EspaceMixin

# The list keeps past workshops this long, to mark who came after the day.
RECUL = timedelta(days=30)


class AteliersEspaceView(EspaceMixin, View):
    def get(self, request):
        ateliers = (
            Atelier.objects.visibles_par(request.user)
            .filter(fin__gte=timezone.now() - RECUL)
            .avec_places()
            .select_related("salle", "organisation")
            .order_by("debut", "pk")
        )
        return render(request, "permanences/espace/ateliers.html", {"ateliers": ateliers})


class AtelierEspaceView(EspaceMixin, View):
    def get(self, request, pk):
        atelier = get_object_or_404(
            Atelier.objects.visibles_par(request.user).select_related("salle", "organisation"),
            pk=pk,
        )
        inscriptions = list(atelier.inscriptions.order_by("position", "cree_le", "pk"))
        return render(
            request,
            "permanences/espace/atelier.html",
            {
                "atelier": atelier,
                "avec_place": [i for i in inscriptions if i.statut in Inscription.STATUTS_PLACE],
                "en_attente": [
                    i for i in inscriptions if i.statut == Inscription.Statut.EN_ATTENTE
                ],
                "nb_annulees": sum(i.statut == Inscription.Statut.ANNULE for i in inscriptions),
                "peut_noter": timezone.localdate(atelier.debut) <= timezone.localdate(),
            },
        )


class PresenceAtelierView(EspaceMixin, View):
    def post(self, request, pk):
        inscription = get_object_or_404(
            Inscription.objects.visibles_par(request.user).select_related("atelier"), pk=pk
        )
        statut = request.POST.get("statut")
        if statut not in (Inscription.Statut.PRESENT, Inscription.Statut.ABSENT):
            messages.error(request, _("Choisissez « Venu » ou « Pas venu »."))
        else:
            try:
                marquer_presence_atelier(
                    inscription=inscription, present=statut == Inscription.Statut.PRESENT
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(
                    request,
                    _("%(nom)s : %(statut)s.")
                    % {"nom": inscription.nom, "statut": inscription.get_statut_display()},
                )
        return redirect("permanences:espace_atelier", inscription.atelier_id)
