"""Text messages through a pluggable backend (`settings.SMS_BACKEND`), sent by the task queue.

A backend is a class with `send(to, text)`, which returns the provider's reference of the
message (None if it gives none). The console backend (default) only logs; a real provider
plugs in with its own class. The memory backend keeps messages for the tests.
A backend raises `NumeroRefuse` for a number the provider will never reach; any other error
is taken as passing, and the message is tried again later, as mail is.

Each message the provider took is kept as a `ruche.models.Sms` (masked number, segments):
the provider's delivery report finds it by its reference (ruche.services.sms).
"""

import itertools
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.module_loading import import_string
from django_tasks import task

from ruche.courriels import rendre_texte
from ruche.models import Sms
from ruche.models.sms import masquer_numero
from ruche.segments_sms import cout_sms, en_gsm
from ruche.services.taches import reporter

logger = logging.getLogger(__name__)


class NumeroRefuse(Exception):
    """The provider refuses this number for good: trying again is useless."""


class ConsoleBackend:
    """Writes each message to the log instead of sending it."""

    def send(self, to, text):
        logger.warning("SMS à %s : %s", to, text)


class MemoryBackend:
    """Keeps messages in `MemoryBackend.outbox`, as (number, text) pairs."""

    outbox: list[tuple[str, str]] = []
    numeros = itertools.count(1)

    def send(self, to, text):
        MemoryBackend.outbox.append((to, text))
        return f"memoire-{next(MemoryBackend.numeros)}"


# Where the backends were before text messages came down to ruche: an install's SMS_BACKEND
# written then ("permanences.sms.ConsoleBackend") still names the same class.
ANCIEN_MODULE = "permanences.sms."


def get_backend():
    chemin = settings.SMS_BACKEND
    if chemin.startswith(ANCIEN_MODULE):
        chemin = "ruche.sms." + chemin.removeprefix(ANCIEN_MODULE)
    return import_string(chemin)()


@task(takes_context=True)
def envoyer_sms_tache(context, to: str, text: str, tentative: int = 1, lieu=None) -> str:
    """Sends one text message; on a provider or network error, enqueues itself again later.

    Raises when the number is refused, after MAX_TENTATIVES, or at once when the queue
    cannot defer (tests): the task then fails and the staff see it.
    """
    try:
        reference = get_backend().send(to, text)
    except NumeroRefuse:
        raise
    except Exception as exc:
        place = {"lieu": lieu} if lieu is not None else {}
        if not reporter(envoyer_sms_tache, to, text, tentative=tentative, erreur=exc, **place):
            raise
        return "reporté"
    _noter(to, text, reference, context.task_result.id, lieu)
    return "envoyé"


def _noter(to, text, reference, tache, lieu=None):
    """Keeps the message the provider took, with the place it was sent for (a pk); a failure
    here must not send it twice."""
    cout = cout_sms(text)
    try:
        with transaction.atomic():
            Sms.objects.create(
                numero=masquer_numero(to),
                reference=str(reference)[:100] if reference else None,
                tache=str(tache),
                caracteres=cout.caracteres,
                encodage=cout.encodage,
                segments=cout.segments,
                lieu_id=lieu,
            )
    except DatabaseError:
        logger.exception("SMS envoyé mais non noté")


def sms_autorise(numero):
    """A national number (0...) is French; an international one needs an allowed code."""
    if numero.startswith("0"):
        return True
    chiffres = numero.removeprefix("+")
    return numero.startswith("+") and any(
        chiffres.startswith(indicatif) for indicatif in settings.SMS_INDICATIFS
    )


def envoyer_sms(*, to, template, context, lieu=None):
    """Renders `<template>_sms.txt` and enqueues it; no number, or a country not in
    SMS_INDICATIFS, no message. `lieu`: the pk of the place it is sent for (as `envoyer`)."""
    if not to:
        return None
    if not sms_autorise(to):
        logger.info("SMS non envoyé : indicatif non autorisé")
        return None
    # Latin letters GSM lacks ("ç", "ô") would send it in UCS-2, at 70 characters a segment.
    text = en_gsm(" ".join(rendre_texte(f"{template}_sms.txt", context).split()))
    return envoyer_sms_tache.enqueue(to, text, **({"lieu": lieu} if lieu is not None else {}))
