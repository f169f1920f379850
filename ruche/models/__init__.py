"""Models of the ruche app, one module per topic."""

from ruche.models.france_services import Operateur, ThemeOperateur
from ruche.models.lieu import HoraireOuverture, Lieu
from ruche.models.limite import Compteur, JetonUtilise
from ruche.models.mediation import DetailsMediation
from ruche.models.passage import AgregatMensuel, Passage, TotalHistorique
from ruche.models.sms import Sms
from ruche.models.taches import EnvoiEchoue, Travailleur
from ruche.models.utilisateur import Utilisateur
from ruche.models.version import VersionDonnees

__all__ = [
    "AgregatMensuel",
    "Compteur",
    "DetailsMediation",
    "EnvoiEchoue",
    "HoraireOuverture",
    "JetonUtilise",
    "Lieu",
    "Operateur",
    "Passage",
    "Sms",
    "ThemeOperateur",
    "TotalHistorique",
    "Travailleur",
    "Utilisateur",
    "VersionDonnees",
]
