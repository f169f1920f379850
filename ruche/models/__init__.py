"""Models of the ruche app, one module per topic."""

from ruche.models.accessibilite import AuditAccessibilite, PlanAccessibilite
from ruche.models.compte import CompteMensuel
from ruche.models.france_services import Operateur, ThemeOperateur
from ruche.models.lieu import Fermeture, HoraireOuverture, Lieu
from ruche.models.limite import Compteur, JetonUtilise
from ruche.models.mediation import DetailsMediation
from ruche.models.organisation import Organisation
from ruche.models.passage import Passage, TotalHistorique
from ruche.models.sms import Sms
from ruche.models.taches import EnvoiEchoue, Travailleur
from ruche.models.utilisateur import Utilisateur
from ruche.models.version import VersionCreneaux, VersionDonnees

__all__ = [
    "AuditAccessibilite",
    "CompteMensuel",
    "Compteur",
    "DetailsMediation",
    "EnvoiEchoue",
    "Fermeture",
    "HoraireOuverture",
    "JetonUtilise",
    "Lieu",
    "Operateur",
    "Organisation",
    "Passage",
    "PlanAccessibilite",
    "Sms",
    "ThemeOperateur",
    "TotalHistorique",
    "Travailleur",
    "Utilisateur",
    "VersionCreneaux",
    "VersionDonnees",
]
