"""Every email leaves through the task queue, so an SMTP outage delays mail, never loses it.

`envoyer(...)` renders the templates at once (so the message says what was true when it was
asked for) and enqueues `envoyer_courriel`. The task retries itself with a growing delay while
the mail server is unreachable; the worker (`manage.py db_worker`) sends it when it is back.
"""

import base64
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import get_template
from django_tasks import task

from ruche.destinataires import signature
from ruche.models.lieu import lieu_par_defaut
from ruche.services.taches import reporter


def rendre_texte(template_name, context):
    """Renders a plain-text template (mail subject or body, SMS) without HTML escaping.

    Django escapes every variable for HTML; in a text mail "l'atelier" would read
    "l&#x27;atelier". Every text message is rendered here, so no template needs its own
    `{% autoescape off %}`. Raises TemplateDoesNotExist like `render_to_string`.
    """
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context or {}, autoescape=False))


def _refus_definitif(exc):
    """True when the server refused every recipient for good (5xx), not for now (4xx)."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _message in exc.recipients.values()
    )


@task()
def envoyer_courriel(message: dict, tentative: int = 1) -> str:
    """Sends one message; on an SMTP or network error, enqueues itself again later.

    Raises the error when the address is refused for good, after MAX_TENTATIVES, or at once
    when the queue cannot defer (tests): the task then fails and the staff see it.
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
        if _refus_definitif(exc) or not reporter(
            envoyer_courriel, message, tentative=tentative, erreur=exc
        ):
            raise
        return "reporté"
    return "envoyé"


def piece_jointe(filename, content: bytes, mimetype):
    """An attachment in the JSON-friendly form the task queue stores."""
    return {
        "filename": filename,
        "content_b64": base64.b64encode(content).decode("ascii"),
        "mimetype": mimetype,
    }


def _au_nom_du_lieu(lieu):
    nom = signature(lieu if lieu is not None else lieu_par_defaut())
    return {"signature": nom, "nom_du_lieu": nom}


def envoyer(*, to, template, context, attachments=(), reply_to=None, lieu=None):
    """Renders `<template>_subject.txt`, `_body.txt` (and `_body.html` if it exists), enqueues.

    `to` is an address or a list of them; empty addresses are skipped. `lieu`: the pk of the
    place the message is sent for, whose staff then see it if it fails (EnvoiEchoueQuerySet),
    and whose name it is signed with (`signature` and `nom_du_lieu` in the templates, the
    install's first place when none is given; a context's own `signature` wins).
    """
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    context = dict(context or {})
    if "signature" not in context:  # a resident's message is signed by its association too
        context = {**_au_nom_du_lieu(lieu), **context}
    subject = " ".join(rendre_texte(f"{template}_subject.txt", context).split())
    body = rendre_texte(f"{template}_body.txt", context)
    try:
        partie_html = get_template(f"{template}_body.html")
    except TemplateDoesNotExist:  # the HTML part is optional; an error in it is not
        html = ""
    else:
        html = partie_html.render(context)
    message = {
        "subject": subject,
        "body": body,
        "html": html,
        "to": recipients,
        "reply_to": [reply_to] if reply_to else [],
        "attachments": list(attachments),
    }
    if lieu is not None:
        message["lieu"] = lieu
    return envoyer_courriel.enqueue(message)
