"""Demo data of the permanences: the calendar first, then the appointments and workshops
that need its occurrences (the `demo` command runs the apps' loaders by their ORDRE)."""

from permanences.demo import calendrier, rendezvous

ORDRE = 30


def charger(command):
    calendrier.charger(command)
    rendezvous.charger(command)
