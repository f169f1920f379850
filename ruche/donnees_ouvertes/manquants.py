"""What a place lacks for the open-data standards (the national map's "Lieux de médiation
numérique" record, data·inclusion): shown to the staff on the day board and on the place's
page, instead of a file that leaves the place out without a word."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ruche.alertes import Alerte, fournisseur
from ruche.perimetre import lieux_visibles
from ruche.roles import est_personnel

# (field of the place, what the staff read). The first four leave the place out of the
# national map's file; the SIRET is its `pivot` (fourteen zeros stand in for it) and the
# coordinates put it on the map.
CHAMPS_REQUIS = (
    ("adresse", _("l'adresse (numéro et rue)")),
    ("code_postal", _("le code postal")),
    ("commune", _("la commune")),
    ("siret", _("le SIRET")),
    ("latitude", _("les coordonnées (latitude et longitude)")),
)


def champs_manquants(lieu):
    """[(field, label)] of what the place lacks, in the form's order; empty when complete."""
    return [
        (champ, libelle) for champ, libelle in CHAMPS_REQUIS if getattr(lieu, champ) in ("", None)
    ]


def lien_formulaire(lieu):
    """Where the fields are filled in: the place's form in the back office."""
    return reverse("admin:ruche_lieu_change", args=[lieu.pk])


@fournisseur("lieux_incomplets", ordre=60, par_jour=True)
def lieux_incomplets(utilisateur, jour):
    """One alert per place of the staff member that lacks a field (one query)."""
    from ruche.models import Lieu

    if not est_personnel(utilisateur):
        return []
    lieux = Lieu.objects.order_by("nom", "pk")
    visibles = lieux_visibles(utilisateur)
    if visibles is not None:
        lieux = lieux.filter(pk__in=visibles)
    alertes = []
    for lieu in lieux.only("pk", "nom", *(champ for champ, _l in CHAMPS_REQUIS)):
        manquants = champs_manquants(lieu)
        if manquants:
            alertes.append(
                Alerte(
                    titre=gettext("%(lieu)s : il manque %(champs)s pour les données ouvertes.")
                    % {
                        "lieu": lieu.nom,
                        "champs": ", ".join(str(libelle) for _c, libelle in manquants),
                    },
                    detail=gettext(
                        "Sans eux, le lieu n'est pas complet sur la carte nationale ni dans le "
                        "catalogue data·inclusion. Remplissez-les dans la fiche du lieu."
                    ),
                    lien=lien_formulaire(lieu),
                    niveau="info",
                )
            )
    return alertes
