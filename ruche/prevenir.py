"""Every message to a resident leaves through `prevenir_habitant`: in the resident's language
(the one they booked or registered in), by mail and by text message, from one template per
message. Callers never assemble a mail or a text message themselves.

A message `<template>` is `<template>_subject.txt`, `_body.txt` (and `_body.html` when there
is one) for the mail, `<template>_sms.txt` for the text message. What it shows is computed
with the resident's language active: the context and the attachments are given as
functions, so dates, names of démarches and workshops and calendar files read in that
language whoever's request or task sends the message (a reminder from the worker, a
cancellation decided on a French page).
"""

from django.conf import settings
from django.utils.translation import override

from ruche.courriels import envoyer
from ruche.sms import envoyer_sms

COURRIEL = "courriel"
SMS = "sms"
CANAUX = (COURRIEL, SMS)


def langue_du_message(langue):
    """The resident's language when the site speaks it, else the site's own (French)."""
    return langue if langue in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def prevenir_habitant(
    *,
    langue,
    template,
    contexte,
    email="",
    telephone="",
    pieces_jointes=None,
    canaux=CANAUX,
    lieu=None,
):
    """Sends the message `template` to a resident in `langue`: by mail to `email` and by
    text message to `telephone`, each when given and among `canaux`.

    `contexte()` returns the templates' context and `pieces_jointes(context)` the mail's
    attachments (ruche.courriels.piece_jointe); both are called with the language active.
    `lieu` (a place's pk): the place the message is for, whose staff see it if it fails.
    Returns (the mail's task, the text message's task), None for a channel not used."""
    courriel = sms = None
    with override(langue_du_message(langue)):
        valeurs = contexte()
        if COURRIEL in canaux and email:
            pieces = list(pieces_jointes(valeurs)) if pieces_jointes else []
            courriel = envoyer(
                to=email, template=template, context=valeurs, attachments=pieces, lieu=lieu
            )
        if SMS in canaux and telephone:
            sms = envoyer_sms(to=telephone, template=template, context=valeurs, lieu=lieu)
    return courriel, sms
