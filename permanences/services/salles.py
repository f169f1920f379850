"""Taking a room for a time: the one way every part of the app books a room."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanences.models import Fermeture, ReservationSalle, Salle

MESSAGE_PRISE = _("Cette salle est déjà réservée sur ce créneau.")


def fermeture_du_jour(day):
    """The Ruche closure covering that day, or None."""
    return Fermeture.objects.touchant(day, day).first()


def salles_libres(*, debut, fin, exclude_reservation=None):
    """Active rooms with no active booking overlapping [debut, fin)."""
    busy = ReservationSalle.objects.actives().filter(debut__lt=fin, fin__gt=debut)
    if exclude_reservation is not None:
        busy = busy.exclude(pk=exclude_reservation.pk)
    return Salle.objects.actives().exclude(pk__in=busy.values("salle_id"))


def reserver_salle(*, salle, organisation, debut, fin, objet, par=None) -> ReservationSalle:
    """Books the room, or raises ValidationError (French message) when it is taken or closed.

    The room row is locked so two requests for it queue up; the PostgreSQL exclusion
    constraint is the last guard, and its IntegrityError becomes the same ValidationError.
    """
    fermeture = Fermeture.objects.touchant(
        timezone.localdate(debut), timezone.localdate(fin)
    ).first()
    if fermeture is not None:
        raise ValidationError(
            _("La Ruche est fermée ce jour-là (%(motif)s).") % {"motif": fermeture.motif},
            code="fermeture",
        )
    try:
        with transaction.atomic():
            Salle.objects.select_for_update().filter(pk=salle.pk).first()
            reservation = ReservationSalle(
                salle=salle,
                organisation=organisation,
                debut=debut,
                fin=fin,
                objet=objet,
                creee_par=par,
            )
            reservation.full_clean()
            reservation.save()
    except IntegrityError as exc:
        raise ValidationError(MESSAGE_PRISE, code="chevauchement") from exc
    return reservation
