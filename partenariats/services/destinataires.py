"""Who is told what: the Ruche staff, and each partner organisation's members."""

from django.contrib.auth import get_user_model

from ruche.roles import PERSONNEL


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
