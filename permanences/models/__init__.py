from permanences.models.calendrier import Calendrier, Occurrence, Permanence
from permanences.models.demarche import Demarche
from permanences.models.jeton import JetonCalendrier
from permanences.models.reservation import ReservationSalle
from permanences.models.salle import Fermeture, Salle

__all__ = [
    "Calendrier",
    "Demarche",
    "Fermeture",
    "JetonCalendrier",
    "Occurrence",
    "Permanence",
    "ReservationSalle",
    "Salle",
]
