"""Text messages through a pluggable backend (`settings.SMS_BACKEND`), sent by the task queue.

A backend is a class with `send(to, text)`. The console backend (default) only logs; a real
provider plugs in with its own class. The memory backend keeps messages for the tests.
A backend raises `NumeroRefuse` for a number the provider will never reach; any other error
is taken as passing, and the message is tried again later, as mail is.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import task

from ruche.courriels import rendre_texte
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

    def send(self, to, text):
        MemoryBackend.outbox.append((to, text))


def get_backend():
    return import_string(settings.SMS_BACKEND)()


@task()
def envoyer_sms_tache(to: str, text: str, tentative: int = 1) -> str:
    """Sends one text message; on a provider or network error, enqueues itself again later.

    Raises when the number is refused, after MAX_TENTATIVES, or at once when the queue
    cannot defer (tests): the task then fails and the staff see it.
    """
    try:
        get_backend().send(to, text)
    except NumeroRefuse:
        raise
    except Exception as exc:
        if not reporter(envoyer_sms_tache, to, text, tentative=tentative, erreur=exc):
            raise
        return "reporté"
    return "envoyé"


def sms_autorise(numero):
    """A national number (0...) is French; an international one needs an allowed code."""
    if numero.startswith("0"):
        return True
    chiffres = numero.removeprefix("+")
    return numero.startswith("+") and any(
        chiffres.startswith(indicatif) for indicatif in settings.SMS_INDICATIFS
    )


def envoyer_sms(*, to, template, context):
    """Renders `<template>_sms.txt` and enqueues it; no number, or a country not in
    SMS_INDICATIFS, no message."""
    if not to:
        return None
    if not sms_autorise(to):
        logger.info("SMS non envoyé : indicatif non autorisé")
        return None
    text = " ".join(rendre_texte(f"{template}_sms.txt", context).split())
    return envoyer_sms_tache.enqueue(to, text)
