"""The partnership: conventions as written and their dated life. The parties themselves
(`Organisation`) live on the ground floor, in ruche.models."""

from partenariats.models.alerte import AlerteFinEnvoyee
from partenariats.models.avenant import ArticleAvenant, Avenant
from partenariats.models.bilan import ComplementBilan
from partenariats.models.comite import ComiteNonTenu, ComiteSuivi, RappelComite
from partenariats.models.communication import DocumentCommunication, Visa
from partenariats.models.convention import (
    Article,
    Considerant,
    Convention,
    ConventionPartie,
    Engagement,
    Moyen,
    Objectif,
    Signature,
)
from partenariats.models.rencontre import Rencontre
from partenariats.models.vie import Manquement, Resiliation

__all__ = [
    "AlerteFinEnvoyee",
    "Article",
    "ArticleAvenant",
    "Avenant",
    "ComiteNonTenu",
    "ComiteSuivi",
    "ComplementBilan",
    "Considerant",
    "Convention",
    "ConventionPartie",
    "DocumentCommunication",
    "Engagement",
    "Manquement",
    "Moyen",
    "Objectif",
    "Organisation",
    "RappelComite",
    "Rencontre",
    "Resiliation",
    "Signature",
    "Visa",
]
