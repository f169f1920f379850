"""The logged-in person's account, roles and places, read once per version of the data.

Every page of a person logged in needs their account, the names of their roles and the
places whose activity they see: three queries on each request. Each write to an account,
its roles or places, a group, a place or a convention gives the accounts a new version
(`COMPTES`, ruche.versions, in the writer's transaction; a login's last_login does not), so
the process can keep what it read under that version: a page then costs one small query
(the version) instead of three, and an account deactivated, a role taken away or a password
changed counts from the next request, as before.

What is kept stays in the process (never in a shared cache: the account holds the password
hash the session check needs), for the current version only, and each request gets its own
copy: what a request stores on its user never reaches the next one.
"""

import pickle
import threading

from django.contrib.auth.backends import ModelBackend

from ruche.perimetre import lieux_visibles
from ruche.portees import PUBLIC
from ruche.portees_personnel import noms_du_compte
from ruche.statistiques.portees import HISTORIQUES
from ruche.versions import DONNEES, ESPACE, VISITEURS, creer_version, versions

# The version the accounts are kept at: an account, its roles or places, a group, a place, a
# convention (RucheConfig.ready), not the data every page shows (a visit typed, a booking).
COMPTES = "comptes"

_verrou = threading.Lock()
_memoire = {"valeur": None, "comptes": {}}
# {user id: the versions their pages read (ruche.portees_personnel)}, as of their account's
# last read: asked with the account's version, in the same query. Kept across versions of
# the accounts (a place taken away only makes one request read a version more).
_noms = {}


def nom_sessions(user_id):
    """The version of the person's sessions (ruche.sessions): renewed when one is saved or
    ended (a login, a logout)."""
    return f"sessions:compte:{user_id}"


def versions_du_compte(user_id):
    """{name: value} of every version a request of the person reads: the accounts', the
    data's and the network's (the page's cached parts, the header's places and footer), those
    of the person's parts (ruche.portees_personnel) and of their sessions. One query, once per
    request: the session store asks first (ruche.sessions), the account backend then finds
    them among the request's reads."""
    cle = str(user_id)
    return versions(
        COMPTES,
        DONNEES,
        VISITEURS,
        PUBLIC,
        ESPACE,
        HISTORIQUES,
        *_noms.get(cle, ()),
        nom_sessions(cle),
    )


def _lire(valeur, user_id):
    with _verrou:
        if _memoire["valeur"] != valeur:
            return None
        return _memoire["comptes"].get(user_id)


def _garder(valeur, user_id, donnees):
    with _verrou:
        if _memoire["valeur"] != valeur:
            _memoire["valeur"] = valeur
            _memoire["comptes"] = {}
        _memoire["comptes"][user_id] = donnees


class ComptesBackend(ModelBackend):
    """Django's model backend, whose `get_user` (each request of a person logged in) reads
    the account with its roles and places once per version of the data."""

    def get_user(self, user_id):
        # With every other version the request reads, in one query (made by the session
        # store when it served the session from the cache).
        cle = str(user_id)
        valeur = versions_du_compte(cle)[COMPTES]
        if valeur is None:  # a database where no account was written since: made now
            valeur = creer_version(COMPTES)
        donnees = _lire(valeur, cle)
        if donnees is not None:
            return pickle.loads(donnees)  # noqa: S301 - written by this process just above
        utilisateur = super().get_user(user_id)
        if utilisateur is None:  # unknown or inactive: nothing kept, asked again next time
            return None
        utilisateur.noms_des_roles()
        lieux_visibles(utilisateur)
        _noms[cle] = tuple(noms_du_compte(utilisateur))
        _garder(valeur, cle, pickle.dumps(utilisateur))
        return utilisateur
