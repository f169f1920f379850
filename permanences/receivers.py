"""Listens to the calendar: a cancelled session cancels its appointments and tells residents;
every write that may change a free slot gives the slots a new version (their cache key)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from permanences.models import Demarche, Fermeture, Occurrence, Permanence, RendezVous
from permanences.services.rendezvous import annuler_rendez_vous_de_seance
from permanences.services.versions import changer_version_creneaux
from permanences.signals import occurrence_annulee


@receiver(occurrence_annulee, dispatch_uid="rendez_vous_de_la_seance_annules")
def rendez_vous_de_la_seance_annules(sender, occurrence, par=None, **kwargs):
    annuler_rendez_vous_de_seance(occurrence=occurrence)


def creneaux_changes(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata
        changer_version_creneaux()


for model in (RendezVous, Occurrence, Fermeture, Demarche, Permanence):
    for signal in (post_save, post_delete):
        signal.connect(creneaux_changes, sender=model, dispatch_uid=f"creneaux_{model.__name__}")
m2m_changed.connect(
    creneaux_changes, sender=Permanence.demarches.through, dispatch_uid="creneaux_demarches"
)
