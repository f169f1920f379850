"""The version of the free slots, which keys their cache (permanences.services.disponibilites).

Every write that may change a free slot (an appointment booked, moved or cancelled; an occurrence
generated, moved or cancelled; a closure; a démarche or what a permanence serves; whatever
decides a partner's convention term: an ending, a breach, an amendment, a committee) calls
`changer_version_creneaux()` in its own transaction: the new version shows to every process
the moment that transaction commits, never before, so no process keeps showing a slot taken
or freed. The model signals in permanences.receivers cover the admin and every `save()`;
bulk writes call it themselves.
"""

import secrets

from permanences.models import VersionCreneaux
from ruche.portees import changer_public
from ruche.versions import changer_version

LIGNE = 1


def version_creneaux():
    """The current version, or None when the row is missing (then nothing is cached)."""
    return VersionCreneaux.objects.filter(pk=LIGNE).values_list("valeur", flat=True).first()


def changer_version_creneaux():
    """Gives the free slots a new version, in the caller's transaction.

    A random value rather than a counter: a database emptied and filled again (tests, a
    restore) never meets a version it had before, so a cache never serves an old list."""
    changer_version()  # what changes the slots changes the staff's pages too (ruche.versions)
    changer_public()  # a bulk write: every public page of the network (ruche.portees)
    valeur = secrets.randbits(62)
    if not VersionCreneaux.objects.filter(pk=LIGNE).update(valeur=valeur):
        VersionCreneaux.objects.update_or_create(pk=LIGNE, defaults={"valeur": valeur})
