"""The permanences' alerts on the staff's day board (registered in PermanencesConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from permanences.models import Atelier
from ruche.alertes import Alerte, fournisseur


@fournisseur("listes_attente", ordre=40)
def listes_attente(utilisateur, jour):
    """Workshops to come with people waiting for a place (one query): a bigger room or a
    second session may be worth it."""
    ateliers = (
        Atelier.objects.visibles_par(utilisateur)
        .a_venir()
        .avec_places()
        .filter(nb_en_attente__gt=0)
        .order_by("debut", "pk")
    )
    return [
        Alerte(
            titre=ngettext(
                "%(n)s personne attend une place : %(atelier)s.",
                "%(n)s personnes attendent une place : %(atelier)s.",
                atelier.nb_en_attente,
            )
            % {"n": atelier.nb_en_attente, "atelier": atelier},
            detail=_("Complet : %(pris)s places prises sur %(capacite)s.")
            % {"pris": atelier.nb_inscrits, "capacite": atelier.capacite},
            lien=reverse("admin:permanences_atelier_change", args=[atelier.pk]),
            niveau="info",
        )
        for atelier in ateliers
    ]
