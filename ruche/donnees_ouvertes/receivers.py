"""A change to a place, its hours, its closures, the organisation running it (the records'
source), its démarches, rooms or workshops shows in the open data at once, in every process:
the places' version in the database changes with the edit. The apps above ruche connect the
models of theirs that the records show (permanences: démarches, rooms and workshops) with
`connecter_sources`. A booking, a registration or a visit typed changes none of them: the
records outlive them."""

from django.db.models.signals import post_delete, post_save

from ruche.donnees_ouvertes.views import oublier_les_fiches

SOURCES = ("ruche.Lieu", "ruche.HoraireOuverture", "ruche.Fermeture", "ruche.Organisation")


def _oublier(sender, **kwargs):
    oublier_les_fiches()


def connecter_sources(*sources):
    """The open data's records are made again when one of `sources` (models or their
    "app.Model" labels) is saved or deleted."""
    for source in sources:
        label = source if isinstance(source, str) else source._meta.label
        for signal in (post_save, post_delete):
            signal.connect(_oublier, sender=source, dispatch_uid=f"donnees_ouvertes_{label}")


def connecter():
    connecter_sources(*SOURCES)
