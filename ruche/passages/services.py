"""Writing the visitor log: record, correct, remove. Each change is kept in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruche.models import DetailsMediation, Passage
from ruche.models.passage import Modification
from ruche.perimetre import lieu_de_saisie

CHAMPS_CORRIGEABLES = (
    "accompagnement",
    "operateur",
    "theme_operateur",
    "issue",
    "transmission",
    "partenaire",
    "tranche_age",
    "premiere_visite",
)


# What full_clean would ask the database again that the service knows: the place (given, or
# the author's only one) and the author exist; the table's one constraint is a rule
# `Passage.clean()` checks (ruche.models.france_services). The database keeps both as its
# last guard.
DEJA_VERIFIES = {"exclude": ["lieu", "auteur"], "validate_constraints": False}


def enregistrer_passage(
    *,
    auteur,
    accompagnement,
    theme="",
    operateur=None,
    theme_operateur=None,
    issue="",
    transmission="",
    partenaire=None,
    tranche_age="",
    premiere_visite=None,
    quand=None,
    lieu=None,
):
    """Records one visit at `lieu` (by default the author's only place). Raises
    ValidationError on a bad value, or when no place is given and the author has not exactly
    one (ruche.perimetre.lieu_de_saisie)."""
    passage = Passage(
        lieu_id=lieu.pk if lieu is not None else lieu_de_saisie(auteur),
        auteur=auteur,
        accompagnement=accompagnement,
        theme=theme,
        operateur=operateur,
        theme_operateur=theme_operateur,
        issue=issue,
        transmission=transmission,
        partenaire=partenaire,
        tranche_age=tranche_age,
        premiere_visite=premiere_visite,
    )
    if quand is not None:
        passage.quand = quand
    passage.full_clean(**DEJA_VERIFIES)
    passage._history_user = auteur
    passage.save()
    return passage


def _verifier(passage, par, motif, maintenant):
    regle = passage.regle_modification(par, maintenant=maintenant)
    if regle == Modification.INTERDITE:
        raise PermissionDenied
    if regle == Modification.AVEC_MOTIF and not motif.strip():
        raise ValidationError({"motif": _("Indiquez le motif : il sera gardé dans l'historique.")})


def corriger_passage(*, passage, par, motif="", maintenant=None, **champs):
    """Changes a visit. Raises PermissionDenied (not allowed) or ValidationError (no reason
    when one is needed, bad value)."""
    _verifier(passage, par, motif, maintenant)
    inconnus = set(champs) - set(CHAMPS_CORRIGEABLES)
    if inconnus:
        raise ValueError(f"Champs non corrigeables : {inconnus}")
    for nom, valeur in champs.items():
        setattr(passage, nom, valeur)
    passage.full_clean()
    passage._history_user = par
    passage._change_reason = motif.strip() or _("Correction le jour même par son auteur")
    passage.save()
    return passage


def supprimer_passage(*, passage, par, motif="", maintenant=None):
    """Removes a visit; the history keeps it with who, when and why. Raises like
    corriger_passage."""
    _verifier(passage, par, motif, maintenant)
    passage._history_user = par
    passage._change_reason = motif.strip() or _("Annulé le jour même par son auteur")
    with transaction.atomic():
        passage.delete()


CHAMPS_MEDIATION = (
    "type",
    "duree_minutes",
    "thematiques",
    "autonomie",
    "materiel",
    "suite",
    "structure_redirection",
    "tranche_age",
    "genre",
    "commune",
)


def detailler_mediation(*, passage, par, **champs):
    """Adds or changes the mediation network's details of a visit (every field optional).
    Raises PermissionDenied when `par` may not touch the visit, ValidationError on a bad
    value."""
    if passage.regle_modification(par) == Modification.INTERDITE:
        raise PermissionDenied
    inconnus = set(champs) - set(CHAMPS_MEDIATION)
    if inconnus:
        raise ValueError(f"Champs inconnus : {inconnus}")
    details = DetailsMediation.objects.filter(passage=passage).first() or DetailsMediation(
        passage=passage
    )
    for nom, valeur in champs.items():
        setattr(details, nom, valeur)
    details.full_clean()
    details._history_user = par
    details.save()
    return details
