import hashlib

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language

from ruche.accessibilite import statut_du_site
from ruche.horaires import partenaires_du_jour
from ruche.lieux_publics import url_lieu
from ruche.perimetre import lieux_visibles, tous_les_lieux
from ruche.roles import (
    COMITE,
    COORDINATION,
    PERSONNEL,
    a_le_role,
    est_benevole,
    est_comite,
    est_coordination,
    est_personnel,
    est_representant,
)

# The menu entries a visitor without an account sees: the header shows which one is open.
MENU_PUBLIC = ("accueil", "permanences:demarches", "permanences:ateliers")


def utilisateur_de(request):
    """The person asking; a visitor on an error page rendered before the authentication
    middleware ran (a Host not in ALLOWED_HOSTS is refused by an earlier one)."""
    return getattr(request, "user", None) or AnonymousUser()


def lieu_des_pages(request):
    """(place, network) the header and footer speak for. A public page says it (its
    address's place, or the list of places); the pages of staff, the committee and the
    coordination speak for the person's place when the install has several: their only
    place, else the network. Volunteers, and an install of one place, keep the Ruche's."""
    if hasattr(request, "lieu") or hasattr(request, "reseau"):
        return getattr(request, "lieu", None), getattr(request, "reseau", False)
    utilisateur = utilisateur_de(request)
    if not utilisateur.is_authenticated or not a_le_role(
        utilisateur, PERSONNEL, COMITE, COORDINATION
    ):
        return None, False
    lieux = tous_les_lieux()
    if len(lieux) <= 1:
        return None, False
    visibles = lieux_visibles(utilisateur)
    if visibles is not None and len(visibles) == 1 and visibles[0] in lieux:
        return lieux[visibles[0]], False
    return None, bool(visibles is None or visibles)


def portee_de(lieu, reseau):
    """What the header and footer speak for, in their cache key: a place of several (all
    they show of it: its slug, name, commune and logo's file, so a renamed place or a new
    logo shows at once), the list of places ("*", never a slug), or the Ruche's ("")."""
    if getattr(lieu, "plusieurs", False):
        logo = getattr(lieu, "logo_lieu", "") or ""
        return f"{lieu.slug}/{logo}/{lieu.nom}/{getattr(lieu, 'commune', '') or ''}"
    return "*" if reseau else ""


def menu(request):
    """Lets templates show each person the menu entries of their role, and the place the
    header and footer speak for (`lieu_page`, `reseau_page`).

    `cle_entete` keys the cached header and footer. For visitors without an account they
    depend on nothing but the language and which public menu entry is open; for a person
    logged in, on their roles, their place, the page (its entry is marked) and their CSRF
    secret (the logout form's token comes from it, and logging in again changes it)."""
    utilisateur = utilisateur_de(request)
    roles = {
        "est_personnel": est_personnel(utilisateur),
        "est_benevole": est_benevole(utilisateur),
        "est_comite": est_comite(utilisateur),
        "est_coordination": est_coordination(utilisateur),
        "est_representant": est_representant(utilisateur),
    }
    lieu, reseau = lieu_des_pages(request)
    # The public pages (and any page a visitor sees) follow the partner's convention; the
    # pages of people at work keep the Ruche's header, at no query.
    public = (
        not utilisateur.is_authenticated or hasattr(request, "lieu") or hasattr(request, "reseau")
    )
    partenaire = partenaire_presente(lieu, reseau) if public else True
    # The footer's status follows the latest accessibility audit (ruche.accessibilite).
    statut = statut_du_site()
    cle_entete = None
    if not utilisateur.is_authenticated:
        # Under a place's slug, the menu leads to that place's pages.
        plusieurs = getattr(lieu, "plusieurs", False)
        adresses = {url_lieu(nom, lieu, plusieurs=plusieurs) for nom in MENU_PUBLIC}
        ouvert = request.path if request.path in adresses else ""
        portee = portee_de(lieu, reseau)
        cle_entete = f"{get_language()}:{portee}:{ouvert}:{statut}:{partenaire}"
    elif secret := request.META.get("CSRF_COOKIE"):
        etat = "".join("1" if actif else "0" for actif in [*roles.values(), utilisateur.is_staff])
        portee = portee_de(lieu, reseau)
        cle_entete = hashlib.sha256(
            f"{get_language()}:{request.path}:{etat}:{portee}:{statut}:{partenaire}:{secret}".encode()
        ).hexdigest()
    return {
        **roles,
        "cle_entete": cle_entete,
        "lieu_page": lieu,
        "reseau_page": reseau,
        "statut_accessibilite": statut,
        "partenaire_presente": partenaire,
    }


def partenaire_presente(lieu, reseau):
    """Whether the pages of an install with one place present its partner association
    (its logo in the header, its line in the footer, its card on the home page): only
    while a convention with it is in force there. A place of several speaks of its own
    partners (ruche.views.accueil)."""
    if reseau or getattr(lieu, "plusieurs", False):
        return False
    if lieu is None:
        lieux = tous_les_lieux()
        if not lieux:
            return False
        lieu = lieux[min(lieux)]  # the Ruche's pages keep the first place's (lieu_principal)
    return bool(partenaires_du_jour(lieu))
