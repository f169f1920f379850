"""The events of the apps (ruche.evenements) turned into webhook deliveries.

Called in the emitter's transaction: the event and its deliveries are written with the
change they tell of, or not at all; the sending is triggered once that transaction commits.
Each subscription gets the event only when its holder may read the object it is about
(the site's own access rule, `visibles_par`), and the body carries identifiers, times,
states and places, never a resident's name or contact: the partner reads those, if it may,
from the API with its key.

The active subscriptions are kept in the process under the listeners' version
(ruche.evenements.ECOUTEURS, renewed with each subscription saved or deleted) when the write
read it in its transaction: an event nobody listens to then costs no query. Those that
listen are read again when their deliveries are written, so a subscription switched off or
deleted since is left out, as before.
"""

import threading

from django.db import transaction

from passerelles.models import Abonnement, Evenement, Livraison
from passerelles.services.membres import membre_de
from ruche.evenements import version_des_ecouteurs


def _iso(valeur):
    return valeur.isoformat() if valeur is not None else None


def _rendez_vous(rdv):
    ligne = (
        type(rdv)
        .objects.filter(pk=rdv.pk)
        .values(
            "demarche__slug",
            "occurrence__permanence__organisation_id",
            "occurrence__permanence__calendrier__lieu__slug",
        )
        .get()
    )
    return {
        "rendez_vous": rdv.pk,
        "statut": rdv.statut,
        "canal": rdv.canal,
        "debut": _iso(rdv.debut),
        "fin": _iso(rdv.fin),
        "demarche": ligne["demarche__slug"],
        "occurrence": rdv.occurrence_id,
        "organisation": ligne["occurrence__permanence__organisation_id"],
        "lieu": ligne["occurrence__permanence__calendrier__lieu__slug"],
    }


def _inscription(inscription):
    ligne = (
        type(inscription)
        .objects.filter(pk=inscription.pk)
        .values("atelier__debut", "atelier__organisation_id", "atelier__salle__lieu__slug")
        .get()
    )
    return {
        "inscription": inscription.pk,
        "statut": inscription.statut,
        "atelier": inscription.atelier_id,
        "atelier_debut": _iso(ligne["atelier__debut"]),
        "organisation": ligne["atelier__organisation_id"],
        "lieu": ligne["atelier__salle__lieu__slug"],
    }


def _occurrence(occurrence):
    ligne = (
        type(occurrence)
        .objects.filter(pk=occurrence.pk)
        .values("permanence__organisation_id", "permanence__calendrier__lieu__slug")
        .get()
    )
    return {
        "occurrence": occurrence.pk,
        "statut": occurrence.statut,
        "debut": _iso(occurrence.debut),
        "fin": _iso(occurrence.fin),
        "organisation": ligne["permanence__organisation_id"],
        "lieu": ligne["permanence__calendrier__lieu__slug"],
    }


def _convention(convention):
    return {
        "convention": convention.pk,
        "lieu": type(convention)
        .objects.filter(pk=convention.pk)
        .values_list("lieu__slug", flat=True)[0],
    }


DONNEES = {
    "RendezVous": _rendez_vous,
    "Inscription": _inscription,
    "Occurrence": _occurrence,
    "Convention": _convention,
}


def _details(details):
    resultat = {}
    for nom, valeur in details.items():
        resultat[nom] = valeur.isoformat() if hasattr(valeur, "isoformat") else valeur
    return resultat


def voit(abonnement, objet, details):
    """Whether the subscription's holder may read the object the event is about."""
    modele = type(objet)
    if modele.__name__ == "Convention":
        # A convention's end concerns its place and the partners it ends for.
        if abonnement.lieu_id:
            return abonnement.lieu_id == objet.lieu_id
        return abonnement.organisation_id in details.get("organisations", [])
    membre = membre_de(abonnement)
    return modele.objects.visibles_par(membre).filter(pk=objet.pk).exists()


_verrou = threading.Lock()
_memoire = {"version": None, "abonnements": []}


def _actifs():
    """The active subscriptions, as of the listeners' version the write read, or read now."""
    version = version_des_ecouteurs()
    if version is None:
        return list(Abonnement.objects.actifs())
    with _verrou:
        if _memoire["version"] == version:
            return _memoire["abonnements"]
    abonnements = list(Abonnement.objects.actifs())
    with _verrou:
        _memoire.update(version=version, abonnements=abonnements)
    return abonnements


def recevoir(type_evenement, objet, details):
    """The subscriber of ruche.evenements: records the event and one delivery per
    subscription that listens to it and may read its object."""
    abonnements = [a for a in _actifs() if type_evenement in a.evenements]
    if not abonnements:
        return None
    if version_des_ecouteurs() is not None:  # kept: those still active now
        actifs = set(
            Abonnement.objects.actifs()
            .filter(pk__in=[a.pk for a in abonnements])
            .values_list("pk", flat=True)
        )
        abonnements = [a for a in abonnements if a.pk in actifs]
    abonnements = [a for a in abonnements if voit(a, objet, details)]
    if not abonnements:
        return None
    donnees = DONNEES[type(objet).__name__](objet) | _details(details)
    evenement = Evenement.objects.create(type=type_evenement, donnees=donnees)
    livraisons = Livraison.objects.bulk_create(
        [Livraison(evenement=evenement, abonnement=abonnement) for abonnement in abonnements]
    )
    from passerelles.services.livraisons import declencher

    pks = [livraison.pk for livraison in livraisons]
    transaction.on_commit(lambda: declencher(pks), robust=True)
    return evenement
