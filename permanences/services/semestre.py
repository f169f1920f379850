"""The semester drafted by the association: its weekly permanences, their conflicts, and the
way to the Ruche's validation (brouillon → soumis → validé, or renvoyé with a comment).

Validation itself is `valider_calendrier` (services/calendrier.py), the admin action's
service: it generates the sessions.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from permanences.models import Calendrier, Fermeture, Occurrence, Permanence, ReservationSalle
from permanences.occurrences import (
    CreneauHebdomadaire,
    chevauche,
    heure_de_paris,
    jours,
    jours_feries,
    occurrences_prevues,
)
from permanences.services.calendrier import peut_agir_pour
from permanences.services.notifications import lien
from ruche.courriels import envoyer
from ruche.roles import is_personnel

# Beyond this many dates, a conflict lists the first ones and counts the others.
DATES_MONTREES = 4


def semestre_suivant(today: date) -> tuple[int, int]:
    """(year, semester) of the semester after the one `today` is in."""
    if today.month <= 6:
        return today.year, Calendrier.Semestre.SECOND
    return today.year + 1, Calendrier.Semestre.PREMIER


@dataclass
class Conflit:
    """A problem of one weekly permanence; a blocking one keeps the calendar from being sent."""

    genre: str  # salle, chevauchement, inactive, demande, ferie, fermeture
    message: str
    bloquant: bool


def _date_courte(day):
    """« mardi 5 mars », « lundi 1er avril »."""
    if day.day == 1:
        return formats.date_format(day, "l") + " 1er " + formats.date_format(day, "F")
    return formats.date_format(day, "l j F")


def _liste_dates(days):
    shown = [_date_courte(day) for day in days[:DATES_MONTREES]]
    text = ", ".join(shown)
    if len(days) > DATES_MONTREES:
        text += " " + _("et %(n)s autres dates") % {"n": len(days) - DATES_MONTREES}
    return text


def _horaire(permanence):
    return _("le %(jour)s de %(debut)s à %(fin)s") % {
        "jour": permanence.get_jour_semaine_display(),
        "debut": permanence.heure_debut.strftime("%H:%M"),
        "fin": permanence.heure_fin.strftime("%H:%M"),
    }


def _se_chevauchent(a, b):
    return (
        a.jour_semaine == b.jour_semaine
        and a.heure_debut < b.heure_fin
        and b.heure_debut < a.heure_fin
    )


def conflits(*, calendrier, permanences) -> dict:
    """What stands in the way of each weekly permanence of a draft, for its semester.

    `permanences` are the draft's permanences as they would be (unsaved ones included, keyed
    by their position in the list). Returns {position: [Conflit, ...]}. Read only: rooms
    taken by others (their bookings, or another organisation's calendar waiting for
    validation), overlaps inside the draft, rooms no longer offered, and the public
    holidays and closures that will have no session.
    """
    debut, fin = calendrier.date_debut, calendrier.date_fin
    result = {index: [] for index in range(len(permanences))}
    valid = {
        index: p
        for index, p in enumerate(permanences)
        if p.jour_semaine is not None
        and p.heure_debut
        and p.heure_fin
        and p.heure_fin > p.heure_debut
        and p.salle_id
    }
    if not valid:
        return result
    closures = list(Fermeture.objects.touchant(debut, fin).values_list("debut", "fin", "motif"))
    holidays = jours_feries(debut, fin)
    prevues = occurrences_prevues(
        debut=debut,
        fin=fin,
        creneaux=[
            CreneauHebdomadaire(p.jour_semaine, p.heure_debut, p.heure_fin, cle=index)
            for index, p in valid.items()
        ],
        fermetures=[(d, f) for d, f, _m in closures],
    )
    salle_ids = {p.salle_id for p in valid.values()}
    own = Occurrence.objects.filter(permanence__calendrier=calendrier).values("reservation_id")
    busy = {}
    rows = (
        ReservationSalle.objects.actives()
        .filter(
            salle_id__in=salle_ids,
            debut__lt=heure_de_paris(fin + timedelta(days=1), time(0)),
            fin__gt=heure_de_paris(debut, time(0)),
        )
        .exclude(pk__in=own)
        .values_list("salle_id", "debut", "fin")
    )
    for salle_id, start, end in rows:
        busy.setdefault(salle_id, []).append((start, end))
    taken_days = {}
    for prevue in prevues:
        permanence = valid[prevue.creneau.cle]
        if chevauche(prevue.debut, prevue.fin, busy.get(permanence.salle_id, [])):
            taken_days.setdefault(prevue.creneau.cle, []).append(prevue.date)

    others = list(
        Permanence.objects.filter(
            calendrier__annee=calendrier.annee,
            calendrier__semestre=calendrier.semestre,
            calendrier__statut=Calendrier.Statut.SOUMIS,
            salle_id__in=salle_ids,
        ).exclude(calendrier__organisation_id=calendrier.organisation_id)
    )

    for index, permanence in valid.items():
        found = result[index]
        salle = permanence.salle
        if not salle.active:
            found.append(
                Conflit(
                    "inactive",
                    _("La salle « %(salle)s » n'est plus proposée.") % {"salle": salle},
                    True,
                )
            )
        if index in taken_days:
            found.append(
                Conflit(
                    "salle",
                    _("La salle « %(salle)s » est déjà réservée : %(dates)s.")
                    % {"salle": salle, "dates": _liste_dates(taken_days[index])},
                    True,
                )
            )
        for other_index, other in valid.items():
            if (
                other_index != index
                and other.salle_id == permanence.salle_id
                and _se_chevauchent(permanence, other)
            ):
                found.append(
                    Conflit(
                        "chevauchement",
                        _("Elle prend la même salle que votre permanence %(horaire)s.")
                        % {"horaire": _horaire(other)},
                        True,
                    )
                )
        if any(
            _se_chevauchent(permanence, other) for other in others if other.salle_id == salle.pk
        ):
            found.append(
                Conflit(
                    "demande",
                    _(
                        "Une autre organisation demande aussi cette salle à ce moment. "
                        "La Ruche choisira. Vous pouvez prendre une autre salle ou heure."
                    ),
                    False,
                )
            )
        weekday_days = [
            day for day in jours(debut, fin) if day.weekday() == permanence.jour_semaine
        ]
        feries = [day for day in weekday_days if day in holidays]
        if feries:
            found.append(
                Conflit(
                    "ferie",
                    _("Pas de séance les jours fériés : %(dates)s.")
                    % {"dates": _liste_dates(feries)},
                    False,
                )
            )
        for start, end, motif in closures:
            closed = [day for day in weekday_days if start <= day <= end and day not in holidays]
            if closed:
                found.append(
                    Conflit(
                        "fermeture",
                        _("Pas de séance, la Ruche est fermée (%(motif)s) : %(dates)s.")
                        % {"motif": motif, "dates": _liste_dates(closed)},
                        False,
                    )
                )
    return result


def conflits_du_calendrier(calendrier, *, candidate=None):
    """(permanences, {permanence or candidate: conflicts}) of the draft, with `candidate`
    (an unsaved or edited Permanence) put in place of the one it edits, or added."""
    permanences = list(
        calendrier.permanences.select_related("salle").order_by("jour_semaine", "heure_debut", "pk")
    )
    if candidate is not None:
        permanences = [p for p in permanences if p.pk is None or p.pk != candidate.pk]
        permanences.append(candidate)
    found = conflits(calendrier=calendrier, permanences=permanences)
    return permanences, {index: found[index] for index in found}


def _verifier_modifiable(calendrier, par):
    if not peut_agir_pour(par, calendrier.organisation):
        raise PermissionDenied
    if not calendrier.est_modifiable:
        raise ValidationError(
            _("Ce calendrier est %(statut)s : il ne se modifie plus ici.")
            % {"statut": calendrier.get_statut_display().lower()},
            code="fige",
        )


def preparer_calendrier(*, organisation, annee, semestre, par) -> Calendrier:
    """The organisation's calendar of that semester, created as a draft when there is none.

    Raises PermissionDenied when `par` may not act for the organisation.
    """
    if not peut_agir_pour(par, organisation):
        raise PermissionDenied
    calendrier, _created = Calendrier.objects.get_or_create(
        organisation=organisation, annee=annee, semestre=semestre
    )
    return calendrier


def enregistrer_permanence(
    *,
    calendrier,
    par,
    jour_semaine,
    heure_debut,
    heure_fin,
    salle,
    accueil=Permanence.Accueil.LES_DEUX,
    demarches=(),
    intervenants=(),
    permanence=None,
) -> Permanence:
    """Adds a weekly permanence to a draft, or changes one of it (`permanence`).

    Raises PermissionDenied (another organisation's calendar) or ValidationError (French,
    keyed by field) when the calendar is no longer a draft or the hours are wrong.
    """
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=calendrier.pk)
        _verifier_modifiable(calendrier, par)
        if permanence is None:
            permanence = Permanence(calendrier=calendrier, organisation=calendrier.organisation)
        elif permanence.calendrier_id != calendrier.pk:
            raise PermissionDenied
        permanence.jour_semaine = jour_semaine
        permanence.heure_debut, permanence.heure_fin = heure_debut, heure_fin
        permanence.salle = salle
        permanence.accueil = accueil
        permanence.full_clean()
        permanence.save()
        permanence.demarches.set(demarches)
        permanence.intervenants.set(intervenants)
    return permanence


def retirer_permanence(*, permanence, par) -> None:
    """Takes a weekly permanence out of a draft. Raises PermissionDenied or ValidationError."""
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=permanence.calendrier_id)
        _verifier_modifiable(calendrier, par)
        permanence.delete()


def _adresses_association(calendrier):
    if calendrier.soumis_par_id and calendrier.soumis_par.email:
        return [calendrier.soumis_par.email]
    users = calendrier.organisation.membres.filter(is_active=True).exclude(email="")
    return list(users.values_list("email", flat=True))


def _lien_calendrier(calendrier):
    return lien(reverse("permanences:calendrier_brouillon", args=[calendrier.pk]))


def _prevenir(calendrier, quoi, to):
    envoyer(
        to=to,
        template=f"permanences/courriels/calendrier_{quoi}",
        context={"calendrier": calendrier, "lien": _lien_calendrier(calendrier)},
    )


def soumettre_calendrier(*, calendrier, par) -> Calendrier:
    """The association sends its draft to the Ruche, which is told by mail.

    Raises PermissionDenied, or ValidationError (French) when the calendar is empty, no
    longer a draft, or a permanence has a blocking conflict (a room taken or closed).
    """
    with transaction.atomic():
        calendrier = (
            Calendrier.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=calendrier.pk)
        )
        _verifier_modifiable(calendrier, par)
        permanences, found = conflits_du_calendrier(calendrier)
        if not permanences:
            raise ValidationError(_("Ajoutez au moins une permanence avant d'envoyer."))
        blocking = [
            f"{_horaire(permanences[index])} : {conflit.message}"
            for index, items in found.items()
            for conflit in items
            if conflit.bloquant
        ]
        if blocking:
            raise ValidationError([_("Réglez d'abord ces conflits :"), *blocking], code="conflits")
        calendrier.statut = Calendrier.Statut.SOUMIS
        calendrier.soumis_par = par
        calendrier.soumis_le = timezone.now()
        calendrier.full_clean()
        calendrier.save()
        transaction.on_commit(
            partial(_prevenir, calendrier, "soumis", settings.RUCHE_STAFF_EMAIL), robust=True
        )
    return calendrier


def renvoyer_calendrier(*, calendrier, par, commentaire) -> Calendrier:
    """The Ruche sends a submitted calendar back with what to change; the association is told.

    Raises PermissionDenied when `par` is not Ruche staff, ValidationError (French) without
    a comment or when the calendar is not waiting for validation.
    """
    if not is_personnel(par):
        raise PermissionDenied
    commentaire = (commentaire or "").strip()
    if not commentaire:
        raise ValidationError({"commentaire": _("Dites ce qu'il faut changer.")})
    with transaction.atomic():
        calendrier = (
            Calendrier.objects.select_for_update(of=("self",))
            .select_related("organisation", "soumis_par")
            .get(pk=calendrier.pk)
        )
        if calendrier.statut != Calendrier.Statut.SOUMIS:
            raise ValidationError(_("Ce calendrier n'attend pas de validation."), code="statut")
        calendrier.statut = Calendrier.Statut.RENVOYE
        calendrier.commentaire_ruche = commentaire
        calendrier.full_clean()
        calendrier.save()
        transaction.on_commit(
            partial(_prevenir, calendrier, "renvoye", _adresses_association(calendrier)),
            robust=True,
        )
    return calendrier


def prevenir_validation(calendrier) -> None:
    """Tells the association its calendar is validated (called once the sessions exist)."""
    calendrier = Calendrier.objects.select_related("organisation", "soumis_par").get(
        pk=calendrier.pk
    )
    _prevenir(calendrier, "valide", _adresses_association(calendrier))
