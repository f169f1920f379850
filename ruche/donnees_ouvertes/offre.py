"""What each place offers the public, as the apps above `ruche` tell it: a registry, so that
the published records (data·inclusion) never import those apps.

An app registers, from its AppConfig.ready(), a function `(*, maintenant, plusieurs) ->
[ServicePublic]` with `@offre_publique`; `plusieurs` says whether the install has several
places (the public addresses then start with the place's slug).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ServicePublic:
    """A démarche or a workshop open to the public at one place."""

    lieu_id: int
    # Stable while the démarche or workshop exists: "demarche-12", "atelier-7".
    cle: str
    # "demarche" (an appointment for a démarche) or "atelier" (a collective workshop).
    nature: str
    nom: str
    description: str
    # The page where a resident books it, a path of the site ("/rendez-vous/retraite/").
    chemin: str
    date_maj: date
    pieces: tuple = ()
    # Publics of the data·inclusion vocabulary ("seniors"…); empty: everyone.
    publics: tuple = ()


FOURNISSEURS = []


def offre_publique(fonction):
    FOURNISSEURS.append(fonction)
    return fonction


def services_publics(*, maintenant, plusieurs):
    """Every registered app's public services, in registration order."""
    services = []
    for fonction in FOURNISSEURS:
        services.extend(fonction(maintenant=maintenant, plusieurs=plusieurs))
    return services
