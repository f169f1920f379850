"""Delivery reports of text messages: the provider tells whether each reached the phone.

The provider calls `/sms/rapports/` (ruche.views.rapport_sms), authenticated with the
secret `SMS_RAPPORTS_JETON` (HTTP Basic password or Bearer token). The report is read by
the backend's `lire_rapport(request)` when it has one (each provider writes its own), else
by `lire_rapport` below, from the fields `reference`, `statut` (distribue, echoue or envoye)
and `erreur`, as a form or JSON (one report or a list).

A message not received shows with the failed sends, as a failed mail does: its task row is
marked failed, so the staff see it on the day board and in the admin's list of failed sends,
and resend it or let it go.
"""

import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ruche.models import Sms
from ruche.versions import changer_version


class SmsNonRecu(Exception):
    """The provider could not deliver the text message to the phone."""


@dataclass(frozen=True)
class Rapport:
    reference: str
    statut: str  # Sms.Statut
    erreur: str = ""


class RapportIllisible(ValueError):
    """The report is not in the expected form."""


def lire_rapport(request):
    """[Rapport] from the documented fields; raises RapportIllisible."""
    if request.content_type == "application/json":
        try:
            donnees = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise RapportIllisible("JSON illisible") from exc
    else:
        donnees = request.POST.dict()
    lignes = donnees if isinstance(donnees, list) else [donnees]
    rapports = []
    for ligne in lignes:
        if not isinstance(ligne, dict):
            raise RapportIllisible("rapport illisible")
        reference, statut = ligne.get("reference"), ligne.get("statut")
        if not isinstance(reference, str) or not reference or statut not in Sms.Statut.values:
            raise RapportIllisible("référence ou statut manquant")
        rapports.append(Rapport(reference[:100], statut, str(ligne.get("erreur") or "")[:200]))
    return rapports


def _ligne_de_tache(tache):
    """Whether `tache` can be a task row of the database queue (the tests' queue has none)."""
    try:
        uuid.UUID(tache)
    except ValueError:
        return False
    return True


def noter_rapport_sms(*, rapport, quand=None):
    """Keeps what became of the message; returns it, or None for an unknown reference.

    A "received" report is final; a "not received" one marks the message's task failed.
    """
    quand = quand or timezone.now()
    with transaction.atomic():
        sms = Sms.objects.select_for_update().filter(reference=rapport.reference).first()
        if sms is None or sms.statut == Sms.Statut.DISTRIBUE or sms.statut == rapport.statut:
            return sms
        sms.statut, sms.statut_le, sms.erreur = rapport.statut, quand, rapport.erreur
        sms.save(update_fields=["statut", "statut_le", "erreur"])
        if rapport.statut == Sms.Statut.ECHOUE and _ligne_de_tache(sms.tache):
            echoue = DBTaskResult.objects.filter(
                pk=sms.tache, status=TaskResultStatus.SUCCESSFUL
            ).update(
                status=TaskResultStatus.FAILED,
                exception_class_path=f"{SmsNonRecu.__module__}.{SmsNonRecu.__name__}",
                traceback=rapport.erreur,
            )
            if echoue:
                # update() sends no signal: the failed sends' count (ruche.alertes) is kept
                # per version of the data, which this transaction changes.
                changer_version()
    return sms
