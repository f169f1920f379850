"""A change to a place, its hours, its closures, démarches or workshops shows in the open data
at once, in every process: the places' version in the database changes with the edit."""

from django.db.models.signals import post_delete, post_save

from ruche.donnees_ouvertes.views import oublier_les_fiches

SOURCES = (
    "ruche.Lieu",
    "ruche.HoraireOuverture",
    "ruche.Fermeture",
    "permanences.Demarche",
    "permanences.Atelier",
)


def _oublier(sender, **kwargs):
    oublier_les_fiches()


def connecter():
    for source in SOURCES:
        for signal in (post_save, post_delete):
            signal.connect(_oublier, sender=source, dispatch_uid=f"donnees_ouvertes_{source}")
