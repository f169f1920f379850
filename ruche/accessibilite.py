"""The accessibility statement's facts: the status (from the latest audit staff recorded, "non
conforme" before any), the plans, and the tools of the automatic checks the test suite runs
on every change. Read once per version of what every public page shows (ruche.portees: an
audit or a plan recorded changes it): the footer shows the status on every page at no
query."""

from datetime import date

from django.core.cache import cache
from django.utils import timezone

from ruche.models.accessibilite import (
    AuditAccessibilite,
    PlanAccessibilite,
    StatutConformite,
    statut_conformite,
)
from ruche.portees import version_reseau

# The tools of the automatic checks, as pinned in pyproject.toml (a test keeps them true).
AXE_CORE = "4.12.1"
PLAYWRIGHT = "1.65.2"
# The Défenseur des droits' free postal address (no stamp), as the RGAA's model gives it.
ADRESSE_DEFENSEUR = "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"
# The first version of the statement, and the day its text was last rewritten.
ETABLIE_LE = date(2026, 11, 26)
MISE_A_JOUR_LE = date(2026, 12, 7)


def declaration():
    """{statut, audit, pluriannuel, annuel}: what the statement says today."""
    valeur = version_reseau()
    aujourdhui = timezone.localdate()
    cle = f"declaration-accessibilite:{valeur}:{aujourdhui.isoformat()}"
    donnees = cache.get(cle) if valeur is not None else None
    if donnees is None:
        audit = AuditAccessibilite.objects.dernier()
        donnees = {
            "statut": statut_conformite(audit.taux if audit else None),
            "audit": audit,
            "pluriannuel": PlanAccessibilite.objects.en_cours(
                PlanAccessibilite.Nature.PLURIANNUEL, aujourdhui.year
            ),
            "annuel": PlanAccessibilite.objects.en_cours(
                PlanAccessibilite.Nature.ANNUEL, aujourdhui.year
            ),
        }
        if valeur is not None:
            cache.set(cle, donnees, 3600)
    return donnees


def statut_du_site() -> StatutConformite:
    """The status every footer shows: one small query once per version of the network."""
    valeur = version_reseau()
    cle = f"statut-accessibilite:{valeur}"
    statut = cache.get(cle) if valeur is not None else None
    if statut is None:
        dernier = AuditAccessibilite.objects.order_by("-date", "-pk")
        statut = statut_conformite(dernier.values_list("taux", flat=True).first())
        if valeur is not None:
            cache.set(cle, statut, 3600)
    return statut
