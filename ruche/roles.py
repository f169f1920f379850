"""The three roles of the app, kept as auth groups (created by a data migration)."""

from django.utils.translation import gettext_lazy as _

PERSONNEL = "Personnel de la Ruche"
BENEVOLE = "Bénévoles des associations"
COMITE = "Comité de suivi"
COORDINATION = "Coordination du réseau"

ROLES = {
    PERSONNEL: _("Agents France Services et responsable de la Ruche numérique"),
    BENEVOLE: _("Bénévoles et intervenants d'une association partenaire"),
    COMITE: _("Membres du comité de suivi annuel (lecture seule)"),
    COORDINATION: _(
        "Coordination d'un réseau de lieux : conventions et statistiques de plusieurs lieux "
        "(lecture seule)"
    ),
}


def has_role(user, *roles):
    """True when the user is active and belongs to one of the roles (superusers have all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role_names() & set(roles) != set()


def is_personnel(user):
    return has_role(user, PERSONNEL)


def is_benevole(user):
    return has_role(user, BENEVOLE)


def is_comite(user):
    return has_role(user, COMITE)


def is_coordination(user):
    return has_role(user, COORDINATION)


# Where each role lands after login, the first role held winning (superusers: the staff's).
PAGES_DE_DEPART = (
    (PERSONNEL, "permanences:journee"),
    (BENEVOLE, "permanences:semaine"),
    (COMITE, "statistiques:tableau_de_bord"),
    (COORDINATION, "statistiques:tableau_de_bord"),
)


def page_de_depart(user):
    """The URL name of the person's start page; the public home for anyone without a role."""
    for role, page in PAGES_DE_DEPART:
        if has_role(user, role):
            return page
    return "accueil"
