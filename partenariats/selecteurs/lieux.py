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


def partenaires_du_lieu(lieu, jour=None):
    """The partners (by name) of the conventions in force at the place on the day (today by
    default): not the organisations that run places, which are the hosts, not partners."""
    from ruche.models import Organisation

    conventions = Convention.objects.filter(lieu=lieu).en_vigueur(jour)
    return list(
        Organisation.objects.filter(conventions__convention__in=conventions, est_la_ruche=False)
        .exclude(pk=lieu.organisation_id)
        .distinct()
        .order_by("nom")
    )
