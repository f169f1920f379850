"""The versions the statistics' cached parts are kept under, scoped as what they show.

A booking, a cancellation or an attendance mark at one place renews the appointments'
versions of that place, of the organisation holding the session and of the whole network
(ruche.portees_personnel), and nothing the staff's pages show else: the figures of another
place keep their cache. The same goes for the workshop registrations and the visits typed.
Everything else the figures read (sessions, workshops, rooms, démarches, conventions and
their life, organisations, places, operators) renews the staff pages' version
(ruche.versions.ESPACE), which every part reads; the historic totals their own
(HISTORIQUES), which the visitor tables read.

The parts are keyed by what they cover: the places asked for (each place's versions; every
place: the network's), or for a partner's representative the organisation (its own
activity, wherever it is held).
"""

from ruche.portees_personnel import (
    INSCRIPTIONS,
    PASSAGES,
    RENDEZ_VOUS,
    nom_lieu,
    nom_organisation,
    nom_tous,
    version_personnelle,
)
from ruche.statistiques.sections import tout_le_reseau

# The historic totals typed from the reports of before the app (rare writes): the visitor
# tables only.
HISTORIQUES = "statistiques:historiques"


def noms(familles, *, lieux=None, organisations=None):
    """The versions of these families (RENDEZ_VOUS, INSCRIPTIONS, PASSAGES) for the places
    `lieux` (pks; None: every place) or, when given, the organisations `organisations`."""
    if organisations is not None:
        return [nom_organisation(f, pk) for f in familles for pk in organisations]
    if tout_le_reseau(lieux):
        return [nom_tous(f) for f in familles]
    return [nom_lieu(f, pk) for f in familles for pk in lieux]


def version_des_activites(*, lieux=None, organisations=None):
    """The version of the figures of the appointments and workshops at the places `lieux`
    (None: every place), or of the organisations `organisations`: the sections, and the
    visitor lines of the appointments marked came and the workshop presences."""
    return version_personnelle(
        *noms((RENDEZ_VOUS, INSCRIPTIONS), lieux=lieux, organisations=organisations)
    )


def version_des_visiteurs(lieux):
    """The version of the visitor tables at the places `lieux` (None: every place; a
    partner's representative reads every place's visits it handled): the visits typed, the
    appointments marked came and the workshop presences there."""
    return version_personnelle(
        HISTORIQUES, *noms((RENDEZ_VOUS, INSCRIPTIONS, PASSAGES), lieux=lieux)
    )
