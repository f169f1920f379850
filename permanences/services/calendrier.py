"""The sessions of a semester calendar: generating them once it is validated
(services/semestre.py validates it), extra and cancelled ones."""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from partenariats.selecteurs.couverture import couverture, une_lecture
from permanences.models import (
    Calendrier,
    DateSautee,
    Occurrence,
    Permanence,
    ReservationSalle,
    Salle,
)
from permanences.models.salle import INACTIVE, PRISE, message_salle
from permanences.occurrences import PermanenceHebdomadaire, occurrences_prevues
from permanences.services.rendezvous import annuler_rendez_vous_de
from permanences.services.salles import (
    MESSAGE_PRISE,
    SallePrise,
    alternatives,
    codes,
    intervalle,
    occupations,
    raison_de_fermeture,
    reserver_salle,
    verrouiller_salles,
)
from ruche.courriels import envoyer
from ruche.destinataires import adresses_du_lieu
from ruche.evenements import emettre
from ruche.models import Fermeture
from ruche.portees import ecriture_en_masse
from ruche.roles import est_personnel

logger = logging.getLogger(__name__)


@dataclass
class Bilan:
    """What a generation did; `gardees` are occurrences left alone (booked, cancelled, past)."""

    creees: int = 0
    deplacees: int = 0
    supprimees: int = 0
    gardees: list = field(default_factory=list)
    hors_convention: int = 0  # dates after the end of the partner's convention, not created


def peut_agir_pour(utilisateur, organisation) -> bool:
    """Ruche staff act for everyone; a volunteer only for their own organisation."""
    return est_personnel(utilisateur) or (
        utilisateur.is_authenticated and utilisateur.organisation_id == organisation.pk
    )


def _sans_requete(instance, *foreign_keys):
    """full_clean without the per-row queries (foreign keys, unique, constraints).

    The caller has checked those rules for the whole batch at once; the database
    constraints stay the last guard.
    """
    instance.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)


def _est_figee(occurrence, maintenant) -> bool:
    """An occurrence regeneration leaves alone: it has bookings, was cancelled, or has begun."""
    return occurrence.a_des_rendez_vous or occurrence.est_annulee or occurrence.debut <= maintenant


def _conflits(prevues, salles, occupees):
    """French messages for planned occurrences whose room cannot be taken (the room rule,
    `Salle.indisponibilite`): no longer offered (said once per room), or taken by a booking
    or by an earlier occurrence of the list.

    `prevues` are (salle_id, debut, fin); `occupees` maps a room to its busy intervals.
    """
    messages = []
    prises = {salle_id: list(intervalles) for salle_id, intervalles in occupees.items()}
    inactives = set()
    for salle_id, debut, fin in sorted(prevues, key=lambda p: (p[0], p[1])):
        salle = salles[salle_id]
        code = salle.indisponibilite(debut, fin, prises.setdefault(salle_id, []))
        if code == INACTIVE and salle_id not in inactives:
            inactives.add(salle_id)
            messages.append(message_salle(INACTIVE, salle))
        elif code == PRISE:
            quand = formats.date_format(timezone.localtime(debut), "l j F Y, H:i")
            messages.append(message_salle(PRISE, salle, quand))
        prises[salle_id].append((debut, fin))
    return messages


def generer_occurrences(*, calendrier, par=None) -> Bilan:
    """Creates the occurrences of a validated calendar with their room bookings; idempotent.

    Regenerating after an edit creates, moves or removes occurrences, but never touches one
    that has bookings, was cancelled or has begun. Raises ValidationError (French, one line
    per date) when the calendar is not validated or a room is taken; nothing is saved then.
    """
    # The partner's conventions are read once, not for each room booking checked.
    with transaction.atomic(), une_lecture():
        calendrier = Calendrier.objects.select_for_update().get(pk=calendrier.pk)
        if calendrier.statut != Calendrier.Statut.VALIDE:
            raise ValidationError(_("Ce calendrier doit d'abord être validé par la Ruche."))
        permanences = {p.pk: p for p in calendrier.permanences.all()}
        sautees = DateSautee.objects.par_permanence(permanences)
        fermetures = Fermeture.objects.filter(lieu_id=calendrier.lieu_id).touchant(
            calendrier.date_debut, calendrier.date_fin
        )
        prevues = occurrences_prevues(
            debut=calendrier.date_debut,
            fin=calendrier.date_fin,
            permanences=[
                PermanenceHebdomadaire(
                    p.jour_semaine,
                    p.heure_debut,
                    p.heure_fin,
                    cle=p.pk,
                    sautees=sautees.get(p.pk, frozenset()),
                )
                for p in permanences.values()
            ],
            fermetures=fermetures.values_list("debut", "fin"),
        )
        # No occurrence after the end of the partner's convention (Articles 1, 3 and 6).
        couvert = couverture(calendrier.organisation_id)
        lieu = calendrier.lieu_id
        hors = [prevue for prevue in prevues if not couvert.couvre(prevue.date, lieu)]
        if hors and len(hors) == len(prevues):
            raise ValidationError(couvert.message(hors[0].date, lieu), code="hors_convention")
        prevues = [prevue for prevue in prevues if couvert.couvre(prevue.date, lieu)]
        attendues = {(prevue.permanence.cle, prevue.date): prevue for prevue in prevues}
        existantes = (
            Occurrence.objects.filter(permanence__calendrier=calendrier)
            .avec_rendez_vous()
            .select_related("reservation")
        )
        maintenant = timezone.now()
        bilan = Bilan(hors_convention=len(hors))
        a_supprimer, a_deplacer = [], []
        for occurrence in existantes:
            prevue = attendues.pop((occurrence.permanence_id, occurrence.date), None)
            reservation = occurrence.reservation
            if prevue is not None and (
                prevue.debut,
                prevue.fin,
                permanences[occurrence.permanence_id].salle_id,
            ) == (reservation.debut, reservation.fin, reservation.salle_id):
                continue
            if _est_figee(occurrence, maintenant):
                bilan.gardees.append(occurrence)
            elif prevue is None:
                a_supprimer.append(occurrence)
            else:
                a_deplacer.append((occurrence, prevue))

        demandees = [
            (permanences[prevue.permanence.cle].salle_id, prevue.debut, prevue.fin)
            for prevue in [*attendues.values(), *(prevue for _occ, prevue in a_deplacer)]
        ]
        if not demandees and not a_supprimer:
            return bilan
        salle_ids = {salle_id for salle_id, _d, _f in demandees}
        verrouiller_salles(salle_ids)
        liberees = [o.reservation_id for o in a_supprimer] + [
            o.reservation_id for o, _s in a_deplacer
        ]
        occupees = {}
        if demandees:
            occupees = occupations(
                salle_ids,
                debut=min(debut for _s, debut, _f in demandees),
                fin=max(fin for _s, _d, fin in demandees),
                sauf=liberees,
            )
        problemes = _conflits(demandees, Salle.objects.in_bulk(salle_ids), occupees)
        if problemes:
            raise ValidationError(problemes, code="chevauchement")

        try:
            _appliquer(calendrier, permanences, attendues, a_deplacer, a_supprimer, par, bilan)
        except IntegrityError as exc:
            raise ValidationError(MESSAGE_PRISE, code="chevauchement") from exc
    return bilan


def _appliquer(calendrier, permanences, attendues, a_deplacer, a_supprimer, par, bilan):
    """Writes the changes decided by generer_occurrences (rooms are locked, clashes checked)."""
    # Bulk writes send no model signal: the free slots get their new version here.
    ecriture_en_masse()
    if a_supprimer:
        reservations = [o.reservation_id for o in a_supprimer]
        Occurrence.objects.filter(pk__in=[o.pk for o in a_supprimer]).delete()
        ReservationSalle.objects.filter(pk__in=reservations).delete()
        bilan.supprimees = len(a_supprimer)

    # Moved occurrences first give their rooms back, so that two of them may swap.
    ReservationSalle.objects.filter(pk__in=[o.reservation_id for o, _s in a_deplacer]).update(
        annulee=True
    )
    for occurrence, prevue in a_deplacer:
        reservation = occurrence.reservation
        reservation.salle_id = permanences[occurrence.permanence_id].salle_id
        reservation.debut, reservation.fin, reservation.annulee = prevue.debut, prevue.fin, False
        _sans_requete(reservation, "salle", "organisation", "creee_par")
        reservation.save()
        occurrence.debut, occurrence.fin = prevue.debut, prevue.fin
        _sans_requete(occurrence, "permanence", "reservation", "annulee_par")
        occurrence.save(update_fields=["debut", "fin"])
    bilan.deplacees = len(a_deplacer)

    prevues = list(attendues.values())
    reservations = []
    for prevue in prevues:
        reservation = ReservationSalle(
            salle_id=permanences[prevue.permanence.cle].salle_id,
            organisation_id=calendrier.organisation_id,
            debut=prevue.debut,
            fin=prevue.fin,
            objet=ReservationSalle.Objet.PERMANENCE,
            creee_par=par,
        )
        _sans_requete(reservation, "salle", "organisation", "creee_par")
        reservations.append(reservation)
    reservations = bulk_create_with_history(reservations, ReservationSalle, default_user=par)
    occurrences = []
    for prevue, reservation in zip(prevues, reservations, strict=True):
        occurrence = Occurrence(
            permanence_id=prevue.permanence.cle,
            date=prevue.date,
            debut=prevue.debut,
            fin=prevue.fin,
            reservation=reservation,
        )
        _sans_requete(occurrence, "permanence", "reservation", "annulee_par")
        occurrences.append(occurrence)
    bulk_create_with_history(occurrences, Occurrence, default_user=par)
    bilan.creees = len(occurrences)


def _verifier_ponctuelle(*, organisation, salle, date, heure_debut, heure_fin, par):
    if not peut_agir_pour(par, organisation):
        raise PermissionDenied
    erreurs = {}
    if heure_debut and heure_fin and heure_fin <= heure_debut:
        erreurs["heure_fin"] = _("L'heure de fin doit être après l'heure de début.")
    elif intervalle(date, heure_debut, heure_fin)[0] < timezone.now():
        erreurs["date"] = _("Ce moment est déjà passé. Choisissez une date à venir.")
    fermee = raison_de_fermeture(date, salle.lieu_id)
    if fermee:
        erreurs["date"] = fermee
    if salle.indisponibilite(*intervalle(date, heure_debut, heure_fin)) == INACTIVE:
        erreurs["salle"] = message_salle(INACTIVE)
    if erreurs:
        raise ValidationError(erreurs)


def reserver_permanence_ponctuelle(
    *,
    organisation,
    salle,
    date,
    heure_debut,
    heure_fin,
    demarches,
    intervenants,
    par,
    accueil=Permanence.Accueil.LES_DEUX,
) -> Occurrence:
    """Books a room for an extra permanence on one date and creates its occurrence.

    Raises PermissionDenied when `par` may not act for the organisation; ValidationError
    (French, keyed by field) for a past time, an end before the start, a holiday or a
    closure; SallePrise (a ValidationError with `alternatives`) when the room is taken.
    """
    _verifier_ponctuelle(
        organisation=organisation,
        salle=salle,
        date=date,
        heure_debut=heure_debut,
        heure_fin=heure_fin,
        par=par,
    )
    debut, fin = intervalle(date, heure_debut, heure_fin)
    try:
        with transaction.atomic():
            # The room is locked by reserver_salle before anything refers to it.
            reservation = reserver_salle(
                salle=salle,
                organisation=organisation,
                debut=debut,
                fin=fin,
                objet=ReservationSalle.Objet.PERMANENCE,
                par=par,
            )
            permanence = Permanence(
                organisation=organisation,
                date=date,
                heure_debut=heure_debut,
                heure_fin=heure_fin,
                salle=salle,
                accueil=accueil,
            )
            permanence.full_clean()
            permanence.save()
            permanence.demarches.set(demarches)
            permanence.intervenants.set(intervenants)
            occurrence = Occurrence(
                permanence=permanence, date=date, debut=debut, fin=fin, reservation=reservation
            )
            occurrence.full_clean()
            occurrence.save()
    except ValidationError as exc:
        found = codes(exc)
        if "fermeture" in found or "hors_convention" in found:
            raise ValidationError({"date": exc.messages}) from exc
        if "chevauchement" in found:
            raise SallePrise(
                MESSAGE_PRISE, alternatives=alternatives(salle=salle, debut=debut, fin=fin)
            ) from exc
        raise
    return occurrence


def _prevenir_la_ruche(occurrence, par):
    """Tells the desk and staff of the session's place (not every place's)."""
    lieu = occurrence.permanence.salle.lieu_id
    envoyer(
        to=adresses_du_lieu(lieu),
        template="permanences/courriels/occurrence_annulee",
        context={"occurrence": occurrence, "par": par},
        lieu=lieu,
    )


def annuler_occurrence(*, occurrence, motif, par) -> Occurrence:
    """Marks an occurrence "non maintenue" (it is never deleted) and frees its room.

    Its appointments are cancelled in the same transaction: if that fails, nothing is
    cancelled and the error rises. Once committed, each resident and the Ruche staff are told.
    Raises PermissionDenied when `par` may not act for its organisation; ValidationError
    (French) without a reason, or when the occurrence is already cancelled or over.
    """
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(
            {"motif": _("Dites en quelques mots pourquoi la permanence n'a pas lieu.")}
        )
    with transaction.atomic():
        occurrence = (
            Occurrence.objects.select_for_update(of=("self",))
            .select_related("reservation__salle", "permanence__organisation")
            .get(pk=occurrence.pk)
        )
        if not peut_agir_pour(par, occurrence.organisation):
            raise PermissionDenied
        if occurrence.est_annulee:
            raise ValidationError(_("Cette permanence est déjà annulée."), code="deja_annulee")
        maintenant = timezone.now()
        if occurrence.fin <= maintenant:
            raise ValidationError(_("Cette permanence est déjà passée."), code="passee")
        occurrence.marquer_annulee(motif=motif, par=par, quand=maintenant)
        occurrence.full_clean()
        occurrence.save()
        occurrence.reservation.save(update_fields=["annulee"])
        emettre("occurrence.annulee", objet=occurrence)
        annuler_rendez_vous_de(occurrence=occurrence)
        transaction.on_commit(partial(_prevenir_la_ruche, occurrence, par), robust=True)
    return occurrence
