"""One rule per role: anonymous people go to the login page, others without the role get 403.

Which objects of an organisation a person sees is the other rule, written once in
ruche/perimetre.py (`visibles_par`).
"""

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ruche.roles import (
    BENEVOLE,
    COMITE,
    COORDINATION,
    PERSONNEL,
    REPRESENTANT,
    a_le_role,
    est_representant,
)

LECTURE = ("GET", "HEAD", "OPTIONS")


def _check(request, roles):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not a_le_role(request.user, *roles):
        raise PermissionDenied
    return None


class RoleRequiredMixin(AccessMixin):
    """Class-based view mixin: set `roles` to the roles allowed."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        refused = _check(request, self.roles)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)


class PersonnelOuComiteMixin(RoleRequiredMixin):
    """Conventions, statistics and reports: Ruche staff and the follow-up committee; the
    network coordination reads them (of the places it follows) and writes nothing."""

    roles = (PERSONNEL, COMITE, COORDINATION)

    def dispatch(self, request, *args, **kwargs):
        if (
            request.method not in LECTURE
            and request.user.is_authenticated
            and not a_le_role(request.user, PERSONNEL, COMITE)
            and a_le_role(request.user, COORDINATION)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConventionsMixin(PersonnelOuComiteMixin):
    """A partnership's conventions, committees and reports: the above, and the partners'
    representatives (their Présidente, whoever she designates), who read their own
    organisation's only (`Convention.objects.visibles_par`)."""

    roles = (PERSONNEL, COMITE, COORDINATION, REPRESENTANT)

    def dispatch(self, request, *args, **kwargs):
        sans_organisation(request.user)
        return super().dispatch(request, *args, **kwargs)


def sans_organisation(utilisateur):
    """The representative role speaks for an organisation: without one it grants nothing
    (it never falls back on what the Ruche's desk reads)."""
    if (
        utilisateur.is_authenticated
        and not a_le_role(utilisateur, PERSONNEL, COMITE, COORDINATION)
        and a_le_role(utilisateur, REPRESENTANT)
        and not est_representant(utilisateur)
    ):
        raise PermissionDenied


class RepresentantMixin(RoleRequiredMixin):
    """What a partner's representative does in its name (its agreement at the committee,
    a failure of the Ruche notified, a meeting recorded…)."""

    roles = (REPRESENTANT,)

    def dispatch(self, request, *args, **kwargs):
        sans_organisation(request.user)
        return super().dispatch(request, *args, **kwargs)


class EspaceMixin(RoleRequiredMixin):
    """The volunteers' space: volunteers and Ruche staff."""

    roles = (BENEVOLE, PERSONNEL)


class PersonnelMixin(RoleRequiredMixin):
    """Pages for the Ruche staff only."""

    roles = (PERSONNEL,)


# AccessAttempt.username is 255 characters; the login forms do not cap what is typed.
AXES_USERNAME_MAX = 255


def nom_pour_verrouillage(request, credentials=None):
    """The username Axes records a failure under, cut to what its table holds: a pasted
    page of text in the login box is then a failed login, not a server error."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:AXES_USERNAME_MAX] if isinstance(username, str) else username
