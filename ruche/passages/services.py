"""Writing the visitor log: record, correct, remove. Each change is kept in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruche.models import Passage
from ruche.models.passage import Modification
from ruche.perimetre import lieu_de_saisie

CHAMPS_CORRIGEABLES = ("accompagnement", "theme", "partenaire", "tranche_age", "premiere_visite")


def enregistrer_passage(
    *,
    auteur,
    accompagnement,
    theme="",
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
        partenaire=partenaire,
        tranche_age=tranche_age,
        premiere_visite=premiere_visite,
    )
    if quand is not None:
        passage.quand = quand
    passage.full_clean()
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
