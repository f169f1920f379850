"""Models of the ruche app, one module per topic."""

from ruche.models.passage import Passage, TotalHistorique
from ruche.models.utilisateur import Utilisateur

__all__ = ["Passage", "TotalHistorique", "Utilisateur"]
