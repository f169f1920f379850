"""What happens in the apps, announced to whoever listens: a booking made, moved, cancelled,
a session cancelled, a convention ended…

The services announce each event where it happens, inside their own transaction, with
`emettre(TYPE, objet=…, **details)`. They do not know who listens: an upper app (the
partners' webhooks, `passerelles`) subscribes from its AppConfig.ready() with `abonner()`
and records what it needs in the same transaction, so an event is kept exactly when the
change it tells of is.
"""

from django.utils.translation import gettext_lazy as _

# Every event an app may announce, with what it means for a partner reading it.
TYPES = {
    "rendez_vous.cree": _("Rendez-vous pris"),
    "rendez_vous.deplace": _("Rendez-vous déplacé"),
    "rendez_vous.annule": _("Rendez-vous annulé (par la personne, l'accueil ou l'association)"),
    "rendez_vous.presence": _("Présence notée à un rendez-vous (venu ou pas venu)"),
    "inscription.creee": _("Inscription à un atelier (avec une place ou en liste d'attente)"),
    "inscription.promue": _("Place donnée à une personne de la liste d'attente"),
    "inscription.annulee": _("Inscription à un atelier annulée"),
    "occurrence.annulee": _("Séance de permanence annulée"),
    "convention.terminee": _("Fin d'une convention de partenariat"),
}

_abonnes = []


def abonner(fonction):
    """`fonction(type, objet, details)` is called for every event, in the emitter's
    transaction. Subscribing twice does nothing."""
    if fonction not in _abonnes:
        _abonnes.append(fonction)
    return fonction


def emettre(type_evenement, *, objet, **details):
    """Announces an event about `objet` (the model instance it tells of)."""
    if type_evenement not in TYPES:
        raise ValueError(f"Événement inconnu : {type_evenement}")
    for fonction in _abonnes:
        fonction(type_evenement, objet, details)
