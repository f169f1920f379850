"""What happens in the apps, announced to whoever listens: a booking made, moved, cancelled,
a session cancelled, a convention ended…

The services announce each event where it happens, inside their own transaction, with
`emettre(TYPE, objet=…, **details)`. They do not know who listens: an upper app (the
partners' webhooks, `passerelles`) subscribes from its AppConfig.ready() with `abonner()`
and records what it needs in the same transaction, so an event is kept exactly when the
change it tells of is.

Who listens has a version (ECOUTEURS, ruche.versions), which a subscriber renews in the
transaction of each change to its listeners (passerelles: a subscription saved or deleted).
A write that announces events may read it with its first statement, inside `une_ecriture()`
(`avec_les_ecouteurs`, `retenir_les_ecouteurs`): its subscribers then find it
(`version_des_ecouteurs`) and may keep what they read under it instead of reading it at each
event. It is read in the write's own transaction, as they read it before.
"""

import contextvars
from contextlib import contextmanager

from django.db.models import Subquery
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


ECOUTEURS = "evenements:ecouteurs"

# Inside `une_ecriture()`: {"version": the listeners' version} once read.
_ecriture = contextvars.ContextVar("evenements_ecriture", default=None)


@contextmanager
def une_ecriture():
    """The block of a write's transaction whose first statement reads the listeners' version
    (see the module); nothing is kept beyond it."""
    jeton = _ecriture.set({})
    try:
        yield
    finally:
        _ecriture.reset(jeton)


def avec_les_ecouteurs(requete):
    """The queryset annotated with the listeners' version (`version_ecouteurs`, None when it
    was never written), read in the same statement."""
    from ruche.models.version import VersionDonnees

    return requete.annotate(
        version_ecouteurs=Subquery(VersionDonnees.objects.filter(pk=ECOUTEURS).values("valeur")[:1])
    )


def retenir_les_ecouteurs(objet):
    """Keeps, for the rest of `une_ecriture()`, the version read with `objet`
    (`avec_les_ecouteurs`); the first one read stays."""
    lues = _ecriture.get()
    if lues is not None and "version" not in lues:
        lues["version"] = getattr(objet, "version_ecouteurs", None)


def version_des_ecouteurs():
    """The listeners' version read in the write's transaction (`retenir_les_ecouteurs`), or
    None when the write read none: then the subscriber reads what it needs. A version never
    written yet is made, once."""
    from ruche.versions import creer_version

    lues = _ecriture.get()
    if not lues:
        return None
    if lues["version"] is None:
        lues["version"] = creer_version(ECOUTEURS)
    return lues["version"]
