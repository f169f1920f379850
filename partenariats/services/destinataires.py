"""Who is told what: the staff of the convention's place, and each partner organisation's
members (ruche.destinataires: the staff of one place never read another place's affairs)."""

from django.contrib.auth import get_user_model

from ruche.destinataires import adresse_de_l_accueil, adresses_du_personnel
from ruche.roles import BENEVOLE, REPRESENTANT


def adresses_des_membres(organisations):
    """The addresses of the active members of the organisations (ids or objects)."""
    utilisateurs = (
        get_user_model()
        .objects.filter(is_active=True, organisation__in=list(organisations))
        .exclude(email="")
    )
    return sorted(set(utilisateurs.values_list("email", flat=True)))


def associations(convention):
    """The parties other than the Ruche (prefetched parties)."""
    return [p for p in convention.parties.all() if not p.organisation.est_la_ruche]


def adresses_des_representants(organisations):
    """Who speaks for the organisations (their Présidente, whoever she designates); their
    members when none holds the role yet, so that a party is never left uninformed."""
    representants = (
        get_user_model()
        .objects.filter(
            is_active=True, organisation__in=list(organisations), groups__name=REPRESENTANT
        )
        .exclude(email="")
    )
    adresses = sorted(set(representants.values_list("email", flat=True)))
    return adresses or adresses_des_membres(organisations)


def adresses_de_la_partie(partie):
    """The people told on behalf of a party: the staff of the convention's place for the
    Ruche, else its representatives."""
    if partie.organisation.est_la_ruche:
        return adresses_du_personnel(partie.convention.lieu_id)
    return adresses_des_representants([partie.organisation_id])


def destinataires_fin_proche(organisation_ids, lieu_id):
    """Who is warned of a convention's end coming soon: (the addresses of its place's desk
    first and staff; the partners' volunteers' addresses), accounts with mail only, each
    address once."""
    personnel = [adresse_de_l_accueil(lieu_id), *adresses_du_personnel(lieu_id)]
    benevoles = (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name=BENEVOLE, organisation_id__in=list(organisation_ids)
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )

    def uniques(adresses):
        return list(dict.fromkeys(a.strip().lower() for a in adresses if a))

    personnel = uniques(personnel)
    return personnel, [a for a in uniques(benevoles) if a not in personnel]
