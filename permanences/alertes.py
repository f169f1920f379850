"""The permanences' alerts on the staff's day board (registered in PermanencesConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from permanences.models import Atelier, Calendrier
from ruche.alertes import Alerte, fournisseur
from ruche.roles import est_personnel


@fournisseur("listes_attente", ordre=40, par_jour=True)
def listes_attente(utilisateur, jour):
    """Workshops to come with people waiting for a place (one query, once per version of
    the data; each alert leaves the board when its workshop starts): a bigger room or a
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
            lien=reverse("permanences:espace_atelier", args=[atelier.pk]),
            niveau="info",
            jusqua=atelier.debut,
        )
        for atelier in ateliers
    ]


@fournisseur("calendriers_a_valider", ordre=20, par_jour=True)
def calendriers_a_valider(utilisateur, jour):
    """Semester calendars sent by the associations and waiting for the staff (one query)."""
    if not est_personnel(utilisateur):
        return []
    nombre = Calendrier.objects.visibles_par(utilisateur).a_valider().count()
    if not nombre:
        return []
    return [
        Alerte(
            titre=ngettext("%(n)s calendrier à valider.", "%(n)s calendriers à valider.", nombre)
            % {"n": nombre},
            detail=_("Validez-les ou renvoyez-les avec un commentaire."),
            lien=reverse("permanences:calendriers_a_valider"),
        )
    ]
