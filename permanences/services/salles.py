"""Taking a room for a time: the one way every part of the app books a room."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanences.models import ReservationSalle, Salle
from permanences.models.salle import PRISE, message_salle
from permanences.occurrences import (
    heure_de_paris,
    jours_feries,
    jours_fermes,
    prochains_creneaux_libres,
)
from ruche.models import Fermeture
from ruche.models.lieu import plusieurs_lieux

MESSAGE_PRISE = message_salle(PRISE)


def fermetures(lieu_id=None):
    """The closures of a place (None: of every place, the install having one)."""
    fermetures = Fermeture.objects.all()
    return fermetures if lieu_id is None else fermetures.filter(lieu_id=lieu_id)


def fermeture_du_jour(jour, lieu_id=None):
    """The closure of the place covering that day, or None."""
    return fermetures(lieu_id).touchant(jour, jour).first()


def message_fermeture(fermeture):
    """Why a closed day can take no booking: the Ruche's words with one place; with several,
    the place's name, so nobody reads that their own place is closed."""
    if plusieurs_lieux():
        return _("%(lieu)s : fermé ce jour-là (%(motif)s).") % {
            "lieu": fermeture.lieu.nom,
            "motif": fermeture.motif,
        }
    return _("La Ruche est fermée ce jour-là (%(motif)s).") % {"motif": fermeture.motif}


def raison_de_fermeture(jour, lieu_id=None):
    """Why no room can be booked that day (a public holiday or a closure), or None: the one
    rule that both the free-room list and the booking apply."""
    ferie = jours_feries(jour, jour).get(jour)
    if ferie:
        if plusieurs_lieux():
            return _("Ce jour est férié (%(nom)s) : les lieux sont fermés.") % {"nom": ferie}
        return _("Ce jour est férié (%(nom)s) : la Ruche est fermée.") % {"nom": ferie}
    fermeture = fermeture_du_jour(jour, lieu_id)
    if fermeture is not None:
        return message_fermeture(fermeture)
    return None


def salles_libres(*, debut, fin, sauf=None, lieux=None):
    """Active rooms (of the places `lieux`, pks; None: every place) with no active booking
    overlapping [debut, fin)."""
    occupees = ReservationSalle.objects.actives().filter(debut__lt=fin, fin__gt=debut)
    if sauf is not None:
        occupees = occupees.exclude(pk=sauf.pk)
    return Salle.objects.actives().des_lieux(lieux).exclude(pk__in=occupees.values("salle_id"))


def recherche_de_salles(*, jour, debut, fin, lieux=None):
    """(free rooms, why none can be booked or None) for a search: the rooms of the places
    open that day only, since a closure closes its own place; the reason is given when the
    day is a public holiday or every place with rooms is closed (the booking's own rule)."""
    fermes = Fermeture.objects.touchant(jour, jour).values_list("lieu_id", flat=True)
    salles = Salle.objects.actives().des_lieux(lieux)
    if not jours_feries(jour, jour) and salles.exclude(lieu_id__in=fermes).exists():
        return salles_libres(debut=debut, fin=fin, lieux=lieux).exclude(lieu_id__in=fermes), None
    ferme = salles.filter(lieu_id__in=fermes).values_list("lieu_id", flat=True).first()
    raison = raison_de_fermeture(jour, ferme)
    if raison is None:  # no room at all: an empty list says it
        return salles_libres(debut=debut, fin=fin, lieux=lieux), None
    return Salle.objects.none(), raison


def occupations(salle_ids, *, debut, fin, sauf=()):
    """{room pk: [(start, end), ...]} of the active bookings of these rooms overlapping
    [debut, fin), but those `sauf` names (pks or a subquery): what `Salle.indisponibilite`
    checks a planned use against. One query."""
    occupees = {}
    lignes = (
        ReservationSalle.objects.actives()
        .filter(salle_id__in=salle_ids, debut__lt=fin, fin__gt=debut)
        .exclude(pk__in=sauf)
        .values_list("salle_id", "debut", "fin")
    )
    for salle_id, depuis, jusqua in lignes:
        occupees.setdefault(salle_id, []).append((depuis, jusqua))
    return occupees


def verrouiller_salles(salle_ids):
    """Locks the rooms' rows until the transaction ends, so bookings of a room queue up.

    FOR NO KEY UPDATE, always in primary-key order: two bookers of one room wait for each
    other, but inserting a row that merely refers to the room (a permanence, a workshop)
    takes a key-share lock that this one does not block, so no deadlock arises from it.
    """
    return list(
        Salle.objects.select_for_update(no_key=True)
        .filter(pk__in=salle_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reserver_salle(*, salle, organisation, debut, fin, objet, par=None) -> ReservationSalle:
    """Books the room, or raises ValidationError (French message) when it is taken, closed or
    no longer offered.

    The room row is locked so two requests for it queue up; the PostgreSQL exclusion
    constraint is the last guard, and its IntegrityError becomes the same ValidationError.
    """
    fermeture = (
        fermetures(salle.lieu_id)
        .touchant(timezone.localdate(debut), timezone.localdate(fin))
        .first()
    )
    if fermeture is not None:
        raise ValidationError(message_fermeture(fermeture), code="fermeture")
    try:
        with transaction.atomic():
            verrouiller_salles([salle.pk])
            # Withdrawn since the form offered it: read under the lock, by the one rule
            # (an overlap is left to the database's exclusion constraint below).
            salle.refresh_from_db(fields=["active"])
            code = salle.indisponibilite(debut, fin)
            if code is not None:
                raise ValidationError(message_salle(code), code=code)
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


def verifier_reservation(*, reservation, salle, debut, fin) -> None:
    """Locks the rooms concerned and checks that `reservation` may take `salle` for
    [debut, fin): not a closure day, no other active booking overlapping.

    Call it inside a transaction: the locks last until it ends, so a save right after is
    safe from a concurrent booking. Raises ValidationError keyed by field (French).
    """
    fermeture = (
        fermetures(salle.lieu_id)
        .touchant(timezone.localdate(debut), timezone.localdate(fin))
        .first()
    )
    if fermeture is not None:
        raise ValidationError(
            {"debut": ValidationError(message_fermeture(fermeture), code="fermeture")}
        )
    verrouiller_salles({salle.pk, reservation.salle_id} - {None})
    sauf = [] if reservation.pk is None else [reservation.pk]
    autres = occupations([salle.pk], debut=debut, fin=fin, sauf=sauf)
    code = salle.indisponibilite(debut, fin, autres.get(salle.pk, ()))
    if code is not None:
        raise ValidationError({"salle": ValidationError(message_salle(code), code=code)})


def deplacer_reservation(*, reservation, salle, debut, fin, organisation=None) -> ReservationSalle:
    """Moves a booking to another room or time through the room rules (lock, closure,
    overlap). Raises ValidationError keyed by field (French) when it may not."""
    with transaction.atomic():
        verifier_reservation(reservation=reservation, salle=salle, debut=debut, fin=fin)
        reservation.salle, reservation.debut, reservation.fin = salle, debut, fin
        if organisation is not None:
            reservation.organisation = organisation
        reservation.full_clean()
        try:
            with transaction.atomic():
                reservation.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"salle": ValidationError(MESSAGE_PRISE, code="chevauchement")}
            ) from exc
    return reservation


@dataclass
class Alternatives:
    """What to offer when a room is taken: other rooms free then, this room's next free times."""

    salles: list = field(default_factory=list)
    horaires: list = field(default_factory=list)


def alternatives(*, salle, debut, fin, nombre=3, horizon_jours=14) -> Alternatives:
    """Free rooms for [debut, fin) and the next free times of the same length in `salle`."""
    premier_jour = timezone.localdate(debut)
    dernier_jour = premier_jour + timedelta(days=horizon_jours)
    du_lieu = fermetures(salle.lieu_id).touchant(premier_jour, dernier_jour)
    fermes = jours_fermes(premier_jour, dernier_jour, du_lieu.values_list("debut", "fin"))
    libres = (
        []
        if premier_jour in fermes
        else list(salles_libres(debut=debut, fin=fin, lieux=[salle.lieu_id]))
    )
    occupees = ReservationSalle.objects.actives().filter(
        salle=salle,
        debut__lt=heure_de_paris(dernier_jour + timedelta(days=1), time(0)),
        fin__gt=heure_de_paris(premier_jour, time(0)),
    )
    debut_du_jour = heure_de_paris(premier_jour, time(0))
    horaires = prochains_creneaux_libres(
        occupes=occupees.values_list("debut", "fin"),
        duree=fin - debut,
        a_partir_de=max(debut_du_jour, timezone.now()),
        vers=debut,
        jours_exclus=fermes,
        nombre=nombre,
        horizon_jours=horizon_jours,
    )
    return Alternatives(
        salles=[libre for libre in libres if libre.pk != salle.pk], horaires=horaires
    )


class SallePrise(ValidationError):
    """The room is taken at that time; `alternatives` says what is free instead."""

    def __init__(self, message, *, alternatives: Alternatives, field_name="salle"):
        super().__init__({field_name: [ValidationError(message, code="chevauchement")]})
        self.alternatives = alternatives


def codes(erreur: ValidationError) -> set[str]:
    """Every error code a ValidationError carries, with or without fields."""
    if hasattr(erreur, "error_dict"):
        return {e.code for errors in erreur.error_dict.values() for e in errors}
    return {e.code for e in erreur.error_list}


def intervalle(jour, heure_debut, heure_fin) -> tuple[datetime, datetime]:
    return heure_de_paris(jour, heure_debut), heure_de_paris(jour, heure_fin)
