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


def a_le_role(utilisateur, *roles):
    """True when the user is active and belongs to one of the roles (superusers have all)."""
    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return False
    if utilisateur.is_superuser:
        return True
    return utilisateur.noms_des_roles() & set(roles) != set()


def est_personnel(utilisateur):
    return a_le_role(utilisateur, PERSONNEL)


def est_benevole(utilisateur):
    return a_le_role(utilisateur, BENEVOLE)


def est_comite(utilisateur):
    return a_le_role(utilisateur, COMITE)


def est_coordination(utilisateur):
    return a_le_role(utilisateur, COORDINATION)


def est_representant(utilisateur):
    """A representative of a partner organisation: the role, and an organisation to speak
    for (superusers are not: they belong to no association)."""
    return (
        utilisateur.is_authenticated
        and utilisateur.is_active
        and not utilisateur.is_superuser
        and REPRESENTANT in utilisateur.noms_des_roles()
        and utilisateur.organisation_id is not None
    )


# Where each role lands after login, the first role held winning (superusers: the staff's).
PAGES_DE_DEPART = (
    (PERSONNEL, "permanences:journee"),
    (BENEVOLE, "permanences:semaine"),
    (COMITE, "statistiques:tableau_de_bord"),
    (REPRESENTANT, "partenariats:liste"),
    (COORDINATION, "statistiques:tableau_de_bord"),
)


def page_de_depart(utilisateur):
    """The URL name of the person's start page; the public home for anyone without a role."""
    for role, page in PAGES_DE_DEPART:
        if a_le_role(utilisateur, role):
            return page
    return "accueil"
