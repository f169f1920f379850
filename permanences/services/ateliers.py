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
from permanences.services.notifications import notifier_inscription
from permanences.services.salles import reserver_salle


def creer_atelier(
    *, titre, description, public, organisation, salle, debut, fin, capacite, par=None
) -> Atelier:
    """Books the room (room rules: no overlap, no closure) then creates the workshop."""
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
        atelier.full_clean()
        atelier.save()
    return atelier


def _verrouiller(atelier):
    return Atelier.objects.select_for_update().get(pk=atelier.pk)


def places_prises(atelier):
    return atelier.inscriptions.filter(statut__in=Inscription.STATUTS_PLACE).count()


def inscrire(
    *, atelier, nom, telephone="", email="", consentement=True, langue="fr"
) -> Inscription:
    """A place if one is free, else the end of the waiting list; messages in `langue`.
    Raises ValidationError."""
    with transaction.atomic():
        atelier = _verrouiller(atelier)
        if atelier.debut <= timezone.now():
            raise ValidationError(_("Cet atelier a déjà eu lieu."), code="passe")
        inscription = Inscription(
            atelier=atelier,
            nom=nom.strip(),
            telephone=telephone,
            email=email,
            consentement_le=timezone.now() if consentement else None,
            langue=langue,
        )
        if places_prises(atelier) >= atelier.capacite:
            last = atelier.inscriptions.aggregate(last=Max("position"))["last"] or 0
            inscription.statut = Inscription.Statut.EN_ATTENTE
            inscription.position = last + 1
        inscription.full_clean()
        inscription.save()
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
        freed = inscription.statut == Inscription.Statut.INSCRIT
        inscription.statut = Inscription.Statut.ANNULE
        inscription.position = None
        inscription.save(update_fields=["statut", "position"])
        transaction.on_commit(lambda: notifier_inscription(inscription, "annule"))
        promoted = None
        if freed and places_prises(atelier) < atelier.capacite:
            promoted = (
                atelier.inscriptions.filter(statut=Inscription.Statut.EN_ATTENTE)
                .order_by("position")
                .first()
            )
            if promoted is not None:
                promoted.statut = Inscription.Statut.INSCRIT
                promoted.position = None
                promoted.save(update_fields=["statut", "position"])
                transaction.on_commit(lambda: notifier_inscription(promoted, "place"))
    return promoted
