"""Listens to the calendar: a cancelled session cancels its appointments and tells residents."""

from django.dispatch import receiver

from permanences.services.rendezvous import annuler_rendez_vous_de_seance
from permanences.signals import occurrence_annulee


@receiver(occurrence_annulee, dispatch_uid="rendez_vous_de_la_seance_annules")
def rendez_vous_de_la_seance_annules(sender, occurrence, par=None, **kwargs):
    annuler_rendez_vous_de_seance(occurrence=occurrence)
