"""Other ways to log in, shown on the login page under the password form, and where they
send the person on logging out.

An upper app (passerelles: ProConnect) registers from its AppConfig.ready() a function
`partie(request) -> str` giving the HTML of its part (empty when it is off); the login page
shows each one. It may also register `sortie(request) -> str | None`, asked before the
session ends: the address to send the person to once logged out here (the provider's own
logout), or None. `ruche` does not know which apps do.
"""

_parties = []
_sorties = []


def enregistrer_connexion(partie):
    if partie not in _parties:
        _parties.append(partie)
    return partie


def autres_connexions(request):
    return [html for html in (partie(request) for partie in _parties) if html]


def enregistrer_sortie(sortie):
    if sortie not in _sorties:
        _sorties.append(sortie)
    return sortie


def sortie_externe(request):
    """Where the person goes after logging out here, when a way they logged in by asks it."""
    return next((url for url in (sortie(request) for sortie in _sorties) if url), None)
