"""Who is told what: the Ruche staff, and each partner organisation's members."""

from django.conf import settings
from django.contrib.auth import get_user_model

from ruche.roles import BENEVOLE, PERSONNEL, REPRESENTANT


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


def destinataires_fin_proche(organisation_ids):
    """Who is warned of a convention's end coming soon: (the staff's addresses, the
    settings' RUCHE_STAFF_EMAIL first; the partners' volunteers' addresses), accounts with
    mail only, each address once."""
    comptes = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[PERSONNEL, BENEVOLE])
        .exclude(email="")
    )
    personnel, benevoles = [settings.RUCHE_STAFF_EMAIL], []
    for email, organisation_id, role in comptes.values_list(
        "email", "organisation_id", "groups__name"
    ):
        if role == PERSONNEL:
            personnel.append(email)
        elif organisation_id in organisation_ids:
            benevoles.append(email)

    def uniques(adresses):
        return list(dict.fromkeys(a.strip().lower() for a in adresses if a))

    personnel = uniques(personnel)
    return personnel, [a for a in uniques(benevoles) if a not in personnel]
