"""Models of the ruche app, one module per topic."""

from ruche.models.utilisateur import Utilisateur

__all__ = ["Utilisateur"]
