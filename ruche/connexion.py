"""Other ways to log in, shown on the login page under the password form.

An upper app (passerelles: ProConnect) registers from its AppConfig.ready() a function
`partie(request) -> str` giving the HTML of its part (empty when it is off); the login page
shows each one. `ruche` does not know which apps do.
"""

_parties = []


def enregistrer_connexion(partie):
    if partie not in _parties:
        _parties.append(partie)
    return partie


def autres_connexions(request):
    return [html for html in (partie(request) for partie in _parties) if html]
