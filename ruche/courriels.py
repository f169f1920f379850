"""Every email leaves through the task queue, so an SMTP outage delays mail, never loses it.

`envoyer(...)` renders the templates at once (so the message says what was true when it was
asked for) and enqueues `envoyer_courriel`. The task retries itself with a growing delay while
the mail server is unreachable; the worker (`manage.py db_worker`) sends it when it is back.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

# About two days of retries (1, 2, 4 ... minutes, then every hour) before a task is failed.
MAX_TENTATIVES = 60


def _delai(tentative):
    return timedelta(minutes=min(2 ** (tentative - 1), 60))


@task()
def envoyer_courriel(message: dict, tentative: int = 1) -> str:
    """Sends one message; on an SMTP or network error, enqueues itself again later.

    Raises the error after MAX_TENTATIVES, or at once when the queue cannot defer (tests).
    """
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        to=message["to"],
        reply_to=message.get("reply_to") or None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    for piece in message.get("attachments", []):
        email.attach(piece["filename"], base64.b64decode(piece["content_b64"]), piece["mimetype"])
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as exc:
        if tentative >= MAX_TENTATIVES or not default_task_backend.supports_defer:
            raise
        logger.warning("Courriel reporté (tentative %s) : %s", tentative, exc)
        envoyer_courriel.using(run_after=timezone.now() + _delai(tentative)).enqueue(
            message, tentative + 1
        )
        return "reporté"
    return "envoyé"


def piece_jointe(filename, content: bytes, mimetype):
    """An attachment in the JSON-friendly form the task queue stores."""
    return {
        "filename": filename,
        "content_b64": base64.b64encode(content).decode("ascii"),
        "mimetype": mimetype,
    }


def envoyer(*, to, template, context, attachments=(), reply_to=None):
    """Renders `<template>_subject.txt`, `_body.txt` (and `_body.html` if it exists), enqueues.

    `to` is an address or a list of them; empty addresses are skipped.
    """
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    try:
        html = render_to_string(f"{template}_body.html", context)
    except Exception:  # noqa: BLE001 - the HTML part is optional
        html = ""
    message = {
        "subject": subject,
        "body": body,
        "html": html,
        "to": recipients,
        "reply_to": [reply_to] if reply_to else [],
        "attachments": list(attachments),
    }
    return envoyer_courriel.enqueue(message)
