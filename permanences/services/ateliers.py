"""Workshops: registration, waiting list, promotion when a place frees up.

Every change locks the Atelier row first, so concurrent registrations queue up and the count
of places taken is read after the previous one committed: never more than `capacite`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanences.models import Atelier, Inscription, ReservationSalle
from permanences.models.atelier import CHAMPS_TRADUITS
from permanences.services.notifications import notifier_inscription
from permanences.services.salles import (
    deplacer_reservation,
    reserver_salle,
    verifier_reservation,
)
from ruche.evenements import emettre
from ruche.langues import colonnes_traduites

# The title and description typed in English and Arabic ("titre_en"…); `titre` and
# `description` are the French ones.
TRADUCTIONS_ATELIER = tuple(colonnes_traduites(CHAMPS_TRADUITS, francais=False))


def creer_atelier(
    *,
    titre,
    description,
    public,
    organisation,
    salle,
    debut,
    fin,
    capacite,
    traductions=None,
    par=None,
) -> Atelier:
    """Books the room (room rules: no overlap, no closure) then creates the workshop.

    `traductions` gives the texts typed in other languages, by column (TRADUCTIONS_ATELIER).
    """
    with transaction.atomic():
        reservation = reserver_salle(
            salle=salle,
            organisation=organisation,
            debut=debut,
            fin=fin,
            objet=ReservationSalle.Objet.ATELIER,
            par=par,
        )
        atelier = Atelier(
            titre=titre,
            description=description,
            public=public,
            organisation=organisation,
            salle=salle,
            debut=debut,
            fin=fin,
            capacite=capacite,
            reservation=reservation,
        )
        for colonne, texte in (traductions or {}).items():
            if colonne not in TRADUCTIONS_ATELIER:
                raise TypeError(f"creer_atelier : pas de traduction « {colonne} »")
            setattr(atelier, colonne, texte)
        atelier.full_clean()
        atelier.save()
    return atelier


def _verrouiller(atelier):
    return Atelier.objects.select_for_update().get(pk=atelier.pk)


def places_prises(atelier):
    return atelier.inscriptions.filter(statut__in=Inscription.STATUTS_PLACE).count()


def _promouvoir(atelier) -> list[Inscription]:
    """Gives the free places to the waiting list, first come first served; each one is told.

    The caller holds the workshop's lock.
    """
    free = atelier.capacite - places_prises(atelier)
    if free <= 0:
        return []
    promoted = list(
        atelier.inscriptions.filter(statut=Inscription.Statut.EN_ATTENTE).order_by("position")[
            :free
        ]
    )
    for inscription in promoted:
        inscription.statut = Inscription.Statut.INSCRIT
        inscription.position = None
        inscription.save(update_fields=["statut", "position"])
        emettre("inscription.promue", objet=inscription)
    transaction.on_commit(
        lambda: [notifier_inscription(inscription, "place") for inscription in promoted]
    )
    return promoted


CHAMPS_ATELIER = (
    *("titre", "description", "public", "organisation", "salle", "debut", "fin"),
    *TRADUCTIONS_ATELIER,
)


def verifier_atelier(*, atelier, salle, debut, fin, capacite) -> None:
    """The rules a workshop's change must keep: its room free then (locked until the
    transaction ends), and no fewer places than people already registered.

    Call it inside a transaction: the workshop and the rooms stay locked until it ends.
    Raises ValidationError keyed by field (French).
    """
    atelier = _verrouiller(atelier)
    verifier_reservation(reservation=atelier.reservation, salle=salle, debut=debut, fin=fin)
    taken = places_prises(atelier)
    if capacite is not None and capacite < taken:
        raise ValidationError(
            {
                "capacite": _("%(n)s personnes ont déjà une place : gardez au moins %(n)s places.")
                % {"n": taken}
            }
        )


def modifier_atelier(*, atelier, capacite, par=None, **champs) -> list[Inscription]:
    """Changes a workshop: its room booking moves through the room rules, and places added
    go to the waiting list in order (each promoted person is told).

    `champs` are those of CHAMPS_ATELIER. Returns the promoted registrations; raises
    ValidationError keyed by field (French) when the room is taken or closed, or when fewer
    places than people registered are left.
    """
    with transaction.atomic():
        locked = _verrouiller(atelier)
        salle = champs.get("salle", locked.salle)
        debut, fin = champs.get("debut", locked.debut), champs.get("fin", locked.fin)
        verifier_atelier(atelier=locked, salle=salle, debut=debut, fin=fin, capacite=capacite)
        reservation = locked.reservation
        if (reservation.salle_id, reservation.debut, reservation.fin) != (salle.pk, debut, fin):
            deplacer_reservation(
                reservation=reservation,
                salle=salle,
                debut=debut,
                fin=fin,
                organisation=champs.get("organisation"),
            )
        elif "organisation" in champs and reservation.organisation != champs["organisation"]:
            reservation.organisation = champs["organisation"]
            reservation.save(update_fields=["organisation"])
        for name in CHAMPS_ATELIER:
            if name in champs:
                setattr(locked, name, champs[name])
        locked.capacite = capacite
        locked.full_clean()
        locked.save()
        return _promouvoir(locked)


def inscrire(
    *, atelier, nom, telephone="", email="", consentement=False, langue="fr"
) -> Inscription:
    """A place if one is free, else the end of the waiting list; messages in `langue`.
    Raises ValidationError.

    Those already waiting get the free places first: a newcomer never passes them.
    `consentement` is True only when the person ticked the data notice.
    """
    with transaction.atomic():
        atelier = _verrouiller(atelier)
        if atelier.debut <= timezone.now():
            raise ValidationError(_("Cet atelier a déjà eu lieu."), code="passe")
        _promouvoir(atelier)
        inscription = Inscription(
            atelier=atelier,
            nom=nom.strip(),
            telephone=telephone,
            email=email,
            consentement_le=timezone.now() if consentement else None,
            langue=langue,
        )
        if places_prises(atelier) >= atelier.capacite:
            dernier = atelier.inscriptions.aggregate(dernier=Max("position"))["dernier"] or 0
            inscription.statut = Inscription.Statut.EN_ATTENTE
            inscription.position = dernier + 1
        inscription.full_clean()
        inscription.save()
        emettre("inscription.creee", objet=inscription)
        quoi = "inscrit" if inscription.statut == Inscription.Statut.INSCRIT else "attente"
        transaction.on_commit(lambda: notifier_inscription(inscription, quoi))
    return inscription


def annuler_inscription(*, inscription) -> Inscription | None:
    """Cancels; a freed place goes to the first on the waiting list, who is told.

    Returns the promoted registration, if any.
    """
    with transaction.atomic():
        atelier = _verrouiller(inscription.atelier)
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if inscription.statut not in (Inscription.Statut.INSCRIT, Inscription.Statut.EN_ATTENTE):
            raise ValidationError(_("Cette inscription est déjà annulée."), code="annulee")
        if atelier.debut <= timezone.now():
            raise ValidationError(_("Cet atelier a déjà eu lieu."), code="passe")
        inscription.statut = Inscription.Statut.ANNULE
        inscription.position = None
        inscription.save(update_fields=["statut", "position"])
        emettre("inscription.annulee", objet=inscription)
        transaction.on_commit(lambda: notifier_inscription(inscription, "annule"))
        promoted = _promouvoir(atelier)
    return promoted[0] if promoted else None


def marquer_presence_atelier(*, inscription, present: bool) -> Inscription:
    """Came / did not come to a workshop, from its day on; only for someone with a place."""
    if inscription.statut not in Inscription.STATUTS_PLACE:
        raise ValidationError(
            _("Cette personne n'a pas de place à cet atelier."), code="sans_place"
        )
    if timezone.localdate(inscription.atelier.debut) > timezone.localdate():
        raise ValidationError(_("Vous pourrez le noter le jour de l'atelier."), code="trop_tot")
    inscription.statut = Inscription.Statut.PRESENT if present else Inscription.Statut.ABSENT
    inscription.save(update_fields=["statut"])
    return inscription
