"""Every write that may change a free slot gives the slots a new version (their cache key)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from permanences.models import Demarche, Fermeture, Occurrence, Permanence, RendezVous
from permanences.services.versions import changer_version_creneaux


def creneaux_changes(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata
        changer_version_creneaux()


for model in (RendezVous, Occurrence, Fermeture, Demarche, Permanence):
    for signal in (post_save, post_delete):
        signal.connect(creneaux_changes, sender=model, dispatch_uid=f"creneaux_{model.__name__}")
m2m_changed.connect(
    creneaux_changes, sender=Permanence.demarches.through, dispatch_uid="creneaux_demarches"
)
