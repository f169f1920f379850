"""Every write that may change a free slot gives the slots a new version (their cache key).

The slots depend on the partners' conventions too (no slot after a partnership ends,
partenariats.selecteurs.couverture): whatever decides a convention's term counts as well."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from partenariats.models import (
    Avenant,
    ComiteSuivi,
    Convention,
    ConventionPartie,
    Manquement,
    Resiliation,
)
from permanences.models import Demarche, Occurrence, Permanence, RendezVous
from ruche.models import Fermeture, HoraireOuverture, Lieu, Organisation
from ruche.versions import changer_version_creneaux

MODELES = (
    RendezVous,
    Occurrence,
    Fermeture,
    Demarche,
    Permanence,
    # The convention's term (Articles 1, 3 and 6): its dates, parties, committees'
    # decisions, breaches, termination, and the amendments that change it.
    Convention,
    ConventionPartie,
    ComiteSuivi,
    Manquement,
    Resiliation,
    Avenant,
    Organisation,  # est_la_ruche: the Ruche's own permanences are never limited
    # The places the public pages read with the slots (ruche.lieux_publics).
    Lieu,
    HoraireOuverture,
)


def creneaux_changes(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata
        changer_version_creneaux()


for model in MODELES:
    for signal in (post_save, post_delete):
        signal.connect(creneaux_changes, sender=model, dispatch_uid=f"creneaux_{model.__name__}")
m2m_changed.connect(
    creneaux_changes, sender=Permanence.demarches.through, dispatch_uid="creneaux_demarches"
)
