"""What partenariats tells the ground floor (ruche.registres) of the conventions: where an
organisation is a party to one, and the partners of a place. Registered on import, from
PartenariatsConfig.ready()."""

from partenariats.models import ConventionPartie
from partenariats.selecteurs.lieux import lieux_en_convention, partenaires_du_lieu
from ruche.registres import LIEUX_DE_L_ORGANISATION, PARTENAIRES_DU_LIEU


@LIEUX_DE_L_ORGANISATION.enregistrer
def lieux_de_l_organisation(organisation_id, *, en_vigueur):
    if en_vigueur:
        return lieux_en_convention(organisation_id).values_list("pk", flat=True)
    return ConventionPartie.objects.filter(organisation_id=organisation_id).values_list(
        "convention__lieu", flat=True
    )


PARTENAIRES_DU_LIEU.enregistrer(partenaires_du_lieu)
