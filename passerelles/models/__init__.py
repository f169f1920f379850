"""Models of the gateways, one module per topic."""

from passerelles.models.cle import CleApi
from passerelles.models.webhook import Abonnement, Evenement, Livraison, SecretAbonnement

__all__ = ["Abonnement", "CleApi", "Evenement", "Livraison", "SecretAbonnement"]
