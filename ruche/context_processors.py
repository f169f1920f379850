import hashlib

from django.utils.translation import get_language

from ruche.lieux_publics import url_lieu
from ruche.roles import is_benevole, is_comite, is_personnel, is_representant

# The menu entries a visitor without an account sees: the header shows which one is open.
MENU_PUBLIC = ("accueil", "permanences:demarches", "permanences:ateliers")


def menu(request):
    """Lets templates show each person the menu entries of their role.

    `cle_entete` keys the cached header and footer. For visitors without an account they
    depend on nothing but the language and which public menu entry is open; for a person
    logged in, on their roles, the page (its entry is marked) and their CSRF secret (the
    logout form's token comes from it, and logging in again changes it)."""
    user = request.user
    roles = {
        "est_personnel": is_personnel(user),
        "est_benevole": is_benevole(user),
        "est_comite": is_comite(user),
        "est_representant": is_representant(user),
    }
    cle_entete = None
    if not user.is_authenticated:
        # Under a place's slug, the menu leads to that place's pages.
        lieu = getattr(request, "lieu", None)
        plusieurs = getattr(lieu, "plusieurs", False)
        adresses = {url_lieu(nom, lieu, plusieurs=plusieurs) for nom in MENU_PUBLIC}
        ouvert = request.path if request.path in adresses else ""
        # The list of places ("*", never a slug) has its own header, not the one place's.
        portee = lieu.slug if plusieurs else "*" if getattr(request, "reseau", False) else ""
        cle_entete = f"{get_language()}:{portee}:{ouvert}"
    elif secret := request.META.get("CSRF_COOKIE"):
        etat = "".join("1" if actif else "0" for actif in [*roles.values(), user.is_staff])
        cle_entete = hashlib.sha256(
            f"{get_language()}:{request.path}:{etat}:{secret}".encode()
        ).hexdigest()
    return {**roles, "cle_entete": cle_entete}
