"""The member a key or a subscription reads as: the access rules of the site, not a copy.

An organisation's key sees what a volunteer of that organisation sees in the volunteers'
space; a place's key what the staff of that place see. The stand-in account is never saved:
it only carries what `ruche.perimetre` reads (role, organisation, places).
"""

from ruche.models import Utilisateur
from ruche.roles import BENEVOLE, PERSONNEL


def membre_de(titulaire):
    """A stand-in account for a CleApi or an Abonnement (anything with organisation/lieu)."""
    membre = Utilisateur(is_active=True, username="")
    if titulaire.organisation_id:
        membre.organisation_id = titulaire.organisation_id
        membre._noms_des_roles = {BENEVOLE}
    else:
        membre._noms_des_roles = {PERSONNEL}
        membre._lieux_visibles = [titulaire.lieu_id]
        membre._lieux_de_l_espace = [titulaire.lieu_id]
    return membre


def lieux_geres(titulaire):
    """The places whose visitor figures the holder reads: the place of a place's key; the
    places an organisation runs (a commune), none for a partner association."""
    from ruche.models import Lieu

    if titulaire.lieu_id:
        return [titulaire.lieu_id]
    return list(
        Lieu.objects.filter(organisation_id=titulaire.organisation_id).values_list("pk", flat=True)
    )
