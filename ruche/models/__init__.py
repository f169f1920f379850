"""Models of the ruche app, one module per topic."""

from ruche.models.passage import AgregatMensuel, Passage, TotalHistorique
from ruche.models.utilisateur import Utilisateur

__all__ = ["AgregatMensuel", "Passage", "TotalHistorique", "Utilisateur"]
