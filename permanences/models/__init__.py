from permanences.models.atelier import Atelier, Inscription
from permanences.models.calendrier import Calendrier, DateSautee, Occurrence, Permanence
from permanences.models.demarche import Demarche
from permanences.models.jeton import JetonCalendrier
from permanences.models.plus_tot import DemandePlusTot
from permanences.models.rendezvous import Rappel, RendezVous
from permanences.models.reservation import ReservationSalle
from permanences.models.resume import CreneauxLibres
from permanences.models.salle import Salle

__all__ = [
    "Atelier",
    "Calendrier",
    "CreneauxLibres",
    "DateSautee",
    "DemandePlusTot",
    "Demarche",
    "Inscription",
    "JetonCalendrier",
    "Occurrence",
    "Permanence",
    "Rappel",
    "RendezVous",
    "ReservationSalle",
    "Salle",
]
