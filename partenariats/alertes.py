"""The conventions' alerts on the staff's day board (registered in PartenariatsConfig.ready()).

They are the ones each convention's page shows (`Convention.alertes()`): what the term
rules and the committee add there reaches the board too."""

from django.urls import reverse

from partenariats.models import Convention
from ruche.alertes import Alerte, fournisseur
from ruche.roles import COMITE, PERSONNEL, a_le_role


@fournisseur("conventions", ordre=10, par_jour=True)
def conventions(utilisateur, jour):
    """A fixed number of queries: the conventions with their life events, prefetched."""
    if not a_le_role(utilisateur, PERSONNEL, COMITE):
        return []
    return [
        Alerte(
            titre=str(texte),
            detail=convention.titre,
            lien=reverse("partenariats:detail", args=[convention.pk]),
        )
        # The conventions of the person's places: another place's are none of their business.
        for convention in Convention.objects.des_lieux_de(utilisateur).avec_vie()
        for texte in convention.alertes(jour)
    ]
