"""Where an organisation works: the places of its conventions in force."""

from partenariats.models import Convention


def lieux_en_convention(organisation_id, jour=None):
    """The places (by name) where the organisation is a party to a convention in force on
    the day (today by default)."""
    from ruche.models import Lieu

    conventions = Convention.objects.filter(parties__organisation_id=organisation_id).en_vigueur(
        jour
    )
    return Lieu.objects.filter(conventions__in=conventions).distinct().order_by("nom", "pk")
