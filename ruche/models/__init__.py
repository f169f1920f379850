"""Models of the ruche app, one module per topic."""

from ruche.models.lieu import HoraireOuverture, Lieu
from ruche.models.limite import Compteur, JetonUtilise
from ruche.models.passage import AgregatMensuel, Passage, TotalHistorique
from ruche.models.taches import EnvoiEchoue, Travailleur
from ruche.models.utilisateur import Utilisateur
from ruche.models.version import VersionDonnees

__all__ = [
    "AgregatMensuel",
    "Compteur",
    "EnvoiEchoue",
    "HoraireOuverture",
    "JetonUtilise",
    "Lieu",
    "Passage",
    "TotalHistorique",
    "Travailleur",
    "Utilisateur",
    "VersionDonnees",
]
