"""Every write that may change a free slot gives the slots a new version (their cache key)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from partenariats.models import (
    Avenant,
    ComiteSuivi,
    Convention,
    ConventionPartie,
    Manquement,
    Resiliation,
)
from permanences.models import Demarche, Fermeture, Occurrence, Permanence, RendezVous
from permanences.services.versions import changer_version_creneaux


def creneaux_changes(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata
        changer_version_creneaux()


# The term of a partner's convention decides which days offer slots (Articles 1, 3 and 6):
# a breach notified, a committee's decision, an amendment or a new convention moves it.
TERME = (Convention, ConventionPartie, Manquement, Resiliation, ComiteSuivi, Avenant)

for model in (RendezVous, Occurrence, Fermeture, Demarche, Permanence, *TERME):
    for signal in (post_save, post_delete):
        signal.connect(creneaux_changes, sender=model, dispatch_uid=f"creneaux_{model.__name__}")
m2m_changed.connect(
    creneaux_changes, sender=Permanence.demarches.through, dispatch_uid="creneaux_demarches"
)
