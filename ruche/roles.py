"""The three roles of the app, kept as auth groups (created by a data migration)."""

from django.utils.translation import gettext_lazy as _

PERSONNEL = "Personnel de la Ruche"
BENEVOLE = "Bénévoles des associations"
COMITE = "Comité de suivi"
COORDINATION = "Coordination du réseau"
# The association as a party to its convention: its Présidente and whoever she designates
# (the seed's "personne compétente désignée par elle"), members of that organisation.
REPRESENTANT = "Représentants d'une association partenaire"

ROLES = {
    PERSONNEL: _("Agents France Services et responsable de la Ruche numérique"),
    BENEVOLE: _("Bénévoles et intervenants d'une association partenaire"),
    COMITE: _("Membres du comité de suivi annuel (lecture seule)"),
    COORDINATION: _(
        "Coordination d'un réseau de lieux : conventions et statistiques de plusieurs lieux "
        "(lecture seule)"
    ),
    REPRESENTANT: _(
        "Présidente d'une association partenaire ou personne qu'elle désigne : lit les "
        "conventions de l'association et agit en son nom (accord au comité, visas, "
        "manquements, rencontres)"
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


def is_representant(user):
    """A representative of a partner organisation: the role, and an organisation to speak
    for (superusers are not: they belong to no association)."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and REPRESENTANT in user.role_names()
        and user.organisation_id is not None
    )


# Where each role lands after login, the first role held winning (superusers: the staff's).
PAGES_DE_DEPART = (
    (PERSONNEL, "permanences:journee"),
    (BENEVOLE, "permanences:semaine"),
    (COMITE, "statistiques:tableau_de_bord"),
    (REPRESENTANT, "partenariats:liste"),
    (COORDINATION, "statistiques:tableau_de_bord"),
)


def page_de_depart(user):
    """The URL name of the person's start page; the public home for anyone without a role."""
    for role, page in PAGES_DE_DEPART:
        if has_role(user, role):
            return page
    return "accueil"
