from permanences.models.atelier import Atelier, Inscription
from permanences.models.calendrier import Calendrier, DateSautee, Occurrence, Permanence
from permanences.models.demarche import Demarche
from permanences.models.jeton import JetonCalendrier
from permanences.models.plus_tot import DemandePlusTot
from permanences.models.rendezvous import Rappel, RendezVous
from permanences.models.reservation import ReservationSalle
from permanences.models.salle import Fermeture, Salle
from permanences.models.version import VersionCreneaux

__all__ = [
    "Atelier",
    "Calendrier",
    "DateSautee",
    "DemandePlusTot",
    "Demarche",
    "Fermeture",
    "Inscription",
    "JetonCalendrier",
    "Occurrence",
    "Permanence",
    "Rappel",
    "RendezVous",
    "ReservationSalle",
    "Salle",
    "VersionCreneaux",
]
