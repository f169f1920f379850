"""Who is told what: the Ruche staff, and each partner organisation's members."""

from django.contrib.auth import get_user_model

from ruche.roles import PERSONNEL, REPRESENTANT


def adresses_du_personnel():
    utilisateurs = (
        get_user_model().objects.filter(is_active=True, groups__name=PERSONNEL).exclude(email="")
    )
    return sorted(set(utilisateurs.values_list("email", flat=True)))


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
    """The people told on behalf of a party: the staff for the Ruche, else its
    representatives."""
    if partie.organisation.est_la_ruche:
        return adresses_du_personnel()
    return adresses_des_representants([partie.organisation_id])
