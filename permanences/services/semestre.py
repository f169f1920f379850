"""The semester drafted by the association: its weekly permanences, their conflicts, and the
way to the Ruche's validation (brouillon → soumis → validé, or renvoyé with a comment).

Validation is `valider_calendrier` below, the staff's page's and the admin action's service:
it generates the sessions with services/calendrier.generer_occurrences.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partenariats.selecteurs.lieux import lieux_en_convention
from permanences.models import Calendrier, DateSautee, Occurrence, Permanence
from permanences.models.salle import INACTIVE, PRISE, message_salle
from permanences.occurrences import (
    PermanenceHebdomadaire,
    heure_de_paris,
    jours,
    jours_feries,
    occurrences_prevues,
)
from permanences.services.calendrier import Bilan, generer_occurrences, peut_agir_pour
from permanences.services.notifications import lien
from permanences.services.salles import occupations
from ruche.courriels import envoyer
from ruche.destinataires import adresses_du_lieu
from ruche.models import Fermeture, Lieu
from ruche.models.lieu import lieu_par_defaut, plusieurs_lieux
from ruche.roles import est_personnel

# Beyond this many dates, a conflict lists the first ones and counts the others.
DATES_MONTREES = 4


def semestre_suivant(aujourdhui: date) -> tuple[int, int]:
    """(year, semester) of the semester after the one `aujourdhui` is in."""
    if aujourdhui.month <= 6:
        return aujourdhui.year, Calendrier.Semestre.SECOND
    return aujourdhui.year + 1, Calendrier.Semestre.PREMIER


@dataclass
class Conflit:
    """A problem of one weekly permanence; a blocking one keeps the calendar from being sent."""

    genre: str  # salle, chevauchement, inactive, demande, ferie, fermeture
    message: str
    bloquant: bool
    dates: tuple = ()  # the dates concerned, when the line may skip them


def _date_courte(jour):
    """« mardi 5 mars », « lundi 1er avril »."""
    if jour.day == 1:
        return formats.date_format(jour, "l") + " 1er " + formats.date_format(jour, "F")
    return formats.date_format(jour, "l j F")


def _liste_dates(liste_jours):
    montrees = [_date_courte(jour) for jour in liste_jours[:DATES_MONTREES]]
    texte = ", ".join(montrees)
    if len(liste_jours) > DATES_MONTREES:
        texte += " " + _("et %(n)s autres dates") % {"n": len(liste_jours) - DATES_MONTREES}
    return texte


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
    holidays and closures that will have no session. A fixed number of queries.
    """
    resultat = {indice: [] for indice in range(len(permanences))}
    completes = _completes(permanences)
    if not completes:
        return resultat
    debut, fin = calendrier.date_debut, calendrier.date_fin
    fermetures = list(
        Fermeture.objects.filter(lieu_id=calendrier.lieu_id)
        .touchant(debut, fin)
        .values_list("debut", "fin", "motif")
    )
    sautees = DateSautee.objects.par_permanence([p.pk for p in completes.values() if p.pk])
    prises = _dates_salle_prise(calendrier, completes, sautees=sautees, fermetures=fermetures)
    demandees = _demandees_par_d_autres(calendrier, {p.salle_id for p in completes.values()})
    feries = jours_feries(debut, fin)
    for indice, permanence in completes.items():
        jours_de_la_permanence = [
            jour
            for jour in jours(debut, fin)
            if jour.weekday() == permanence.jour_semaine
            and jour not in sautees.get(permanence.pk, ())
        ]
        resultat[indice] = [
            *_conflits_de_salle(
                indice, permanence, completes=completes, prises=prises, demandees=demandees
            ),
            *_jours_sans_occurrence(jours_de_la_permanence, feries=feries, fermetures=fermetures),
        ]
    return resultat


def _completes(permanences):
    """{position: permanence} of those with a day, a room and times in order: the form says
    what the others lack."""
    return {
        indice: p
        for indice, p in enumerate(permanences)
        if p.jour_semaine is not None
        and p.heure_debut
        and p.heure_fin
        and p.heure_fin > p.heure_debut
        and p.salle_id
    }


def _dates_salle_prise(calendrier, completes, *, sautees, fermetures):
    """{position: {code: [dates]}}: the dates on which the permanence's room cannot be taken
    (the room rule, `Salle.indisponibilite`): no longer offered, or booked by another
    booking than this calendar's own sessions. Two queries."""
    debut, fin = calendrier.date_debut, calendrier.date_fin
    prevues = occurrences_prevues(
        debut=debut,
        fin=fin,
        permanences=[
            PermanenceHebdomadaire(
                p.jour_semaine,
                p.heure_debut,
                p.heure_fin,
                cle=indice,
                sautees=sautees.get(p.pk, frozenset()),
            )
            for indice, p in completes.items()
        ],
        fermetures=[(d, f) for d, f, _m in fermetures],
    )
    occupees = occupations(
        {p.salle_id for p in completes.values()},
        debut=heure_de_paris(debut, time(0)),
        fin=heure_de_paris(fin + timedelta(days=1), time(0)),
        sauf=Occurrence.objects.filter(permanence__calendrier=calendrier).values("reservation_id"),
    )
    prises = {}
    for prevue in prevues:
        permanence = completes[prevue.permanence.cle]
        code = permanence.salle.indisponibilite(
            prevue.debut, prevue.fin, occupees.get(permanence.salle_id, [])
        )
        if code is not None:
            prises.setdefault(prevue.permanence.cle, {}).setdefault(code, []).append(prevue.date)
    return prises


def _demandees_par_d_autres(calendrier, salle_ids):
    """The weekly permanences another organisation asks for in these rooms, in calendars of
    the same semester waiting for the Ruche's validation. One query."""
    return list(
        Permanence.objects.filter(
            calendrier__annee=calendrier.annee,
            calendrier__semestre=calendrier.semestre,
            calendrier__statut=Calendrier.Statut.SOUMIS,
            salle_id__in=salle_ids,
        ).exclude(calendrier__organisation_id=calendrier.organisation_id)
    )


def _conflits_de_salle(indice, permanence, *, completes, prises, demandees):
    """The room of one permanence: no longer offered, booked on some dates, taken by another
    permanence of the draft (blocking), or asked for by another organisation (not)."""
    salle = permanence.salle
    trouves = []
    dates = prises.get(indice, {})
    if INACTIVE in dates:
        trouves.append(Conflit("inactive", message_salle(INACTIVE, salle), True))
    if PRISE in dates:
        trouves.append(
            Conflit(
                "salle",
                message_salle(PRISE, salle, _liste_dates(dates[PRISE])),
                True,
                dates=tuple(dates[PRISE]),
            )
        )
    trouves.extend(
        Conflit(
            "chevauchement",
            _("Elle prend la même salle que votre permanence %(horaire)s.")
            % {"horaire": _horaire(autre)},
            True,
        )
        for autre_indice, autre in completes.items()
        if autre_indice != indice
        and autre.salle_id == permanence.salle_id
        and _se_chevauchent(permanence, autre)
    )
    if any(_se_chevauchent(permanence, autre) for autre in demandees if autre.salle_id == salle.pk):
        trouves.append(
            Conflit(
                "demande",
                _(
                    "Une autre organisation demande aussi cette salle à ce moment. "
                    "La Ruche choisira. Vous pouvez prendre une autre salle ou heure."
                ),
                False,
            )
        )
    return trouves


def _jours_sans_occurrence(jours_de_la_permanence, *, feries, fermetures):
    """The permanence's days that will have no session: public holidays, then each closure
    of the place (a holiday inside a closure is said once, as a holiday)."""
    trouves = []
    jours_feries_de_la_permanence = [jour for jour in jours_de_la_permanence if jour in feries]
    if jours_feries_de_la_permanence:
        trouves.append(
            Conflit(
                "ferie",
                _("Pas de séance les jours fériés : %(dates)s.")
                % {"dates": _liste_dates(jours_feries_de_la_permanence)},
                False,
            )
        )
    for depuis, jusqua, motif in fermetures:
        fermes = [
            jour
            for jour in jours_de_la_permanence
            if depuis <= jour <= jusqua and jour not in feries
        ]
        if fermes:
            trouves.append(
                Conflit(
                    "fermeture",
                    _("Pas de séance, la Ruche est fermée (%(motif)s) : %(dates)s.")
                    % {"motif": motif, "dates": _liste_dates(fermes)},
                    False,
                )
            )
    return trouves


def conflits_du_calendrier(calendrier, *, proposee=None):
    """(permanences, {permanence or proposee: conflits}) of the draft, with `proposee`
    (an unsaved or edited Permanence) put in place of the one it edits, or added."""
    permanences = list(
        calendrier.permanences.select_related("salle").order_by("jour_semaine", "heure_debut", "pk")
    )
    if proposee is not None:
        permanences = [p for p in permanences if p.pk is None or p.pk != proposee.pk]
        permanences.append(proposee)
    trouves = conflits(calendrier=calendrier, permanences=permanences)
    return permanences, {indice: trouves[indice] for indice in trouves}


def _verifier_modifiable(calendrier, par):
    if not peut_agir_pour(par, calendrier.organisation):
        raise PermissionDenied
    if not calendrier.est_modifiable:
        raise ValidationError(
            _("Ce calendrier est %(statut)s : il ne se modifie plus ici.")
            % {"statut": calendrier.get_statut_display().lower()},
            code="fige",
        )


def lieux_du_calendrier(organisation):
    """The places where the organisation drafts semester calendars: those of its conventions
    in force; the only place of an install that has one."""
    if not plusieurs_lieux():
        return list(Lieu.objects.filter(pk=lieu_par_defaut()))
    return list(lieux_en_convention(organisation.pk))


def preparer_calendrier(*, organisation, annee, semestre, par, lieu=None) -> Calendrier:
    """The organisation's calendar of that semester at `lieu`, created as a draft when there
    is none. Without `lieu`: the organisation's only place.

    Raises PermissionDenied when `par` may not act for the organisation, ValidationError
    (French) when the place is not one of its conventions' places, or is not given while it
    has several.
    """
    if not peut_agir_pour(par, organisation):
        raise PermissionDenied
    lieux = lieux_du_calendrier(organisation)
    if lieu is None:
        if len(lieux) != 1:
            raise ValidationError(
                _("Choisissez le lieu de ce calendrier.")
                if lieux
                else _("Aucune convention en vigueur : aucun calendrier à préparer."),
                code="lieu",
            )
        lieu = lieux[0]
    elif lieu.pk not in {choix.pk for choix in lieux}:
        raise ValidationError(
            _("Aucune convention avec ce lieu n'est en vigueur : choisissez un autre lieu."),
            code="lieu",
        )
    calendrier, _cree = Calendrier.objects.get_or_create(
        lieu=lieu, organisation=organisation, annee=annee, semestre=semestre
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
        # Dates skipped on another weekday no longer mean anything once the day changes.
        for sautee in permanence.dates_sautees.all():
            if sautee.date.weekday() != jour_semaine:
                sautee.delete()
        permanence.demarches.set(demarches)
        permanence.intervenants.set(intervenants)
    return permanence


def retirer_permanence(*, permanence, par) -> None:
    """Takes a weekly permanence out of a draft. Raises PermissionDenied or ValidationError."""
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=permanence.calendrier_id)
        _verifier_modifiable(calendrier, par)
        if permanence.occurrences.exists():
            raise ValidationError(
                _("Cette permanence a déjà des séances : annulez-les une par une."),
                code="occurrences",
            )
        permanence.delete()


def sauter_dates(*, permanence, dates, par) -> list[DateSautee]:
    """The weekly permanence of a draft skips these dates (no session those days); the rest
    of the semester stands. Dates already skipped are kept once.

    Raises PermissionDenied (another organisation's calendar) or ValidationError (French)
    when the calendar is no longer a draft, or a date is outside the semester or not on the
    permanence's weekday.
    """
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=permanence.calendrier_id)
        _verifier_modifiable(calendrier, par)
        permanence.calendrier = calendrier
        deja = set(permanence.dates_sautees.values_list("date", flat=True))
        nouvelles = []
        for jour in sorted(set(dates) - deja):
            sautee = DateSautee(permanence=permanence, date=jour)
            sautee.full_clean(validate_unique=False, validate_constraints=False)
            nouvelles.append(sautee)
        for sautee in nouvelles:
            sautee.save()
    return nouvelles


def remettre_date(*, permanence, jour, par) -> None:
    """A skipped date of a draft's weekly permanence gets its session back.

    Raises PermissionDenied or ValidationError (French) as `sauter_dates` does.
    """
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=permanence.calendrier_id)
        _verifier_modifiable(calendrier, par)
        for sautee in permanence.dates_sautees.filter(date=jour):
            sautee.delete()


def _adresses_association(calendrier):
    if calendrier.soumis_par_id and calendrier.soumis_par.email:
        return [calendrier.soumis_par.email]
    membres = calendrier.organisation.membres.filter(is_active=True).exclude(email="")
    return list(membres.values_list("email", flat=True))


def _lien_calendrier(calendrier):
    return lien(reverse("permanences:calendrier_brouillon", args=[calendrier.pk]))


def _prevenir(calendrier, quoi, destinataire):
    envoyer(
        to=destinataire,
        template=f"permanences/courriels/calendrier_{quoi}",
        context={"calendrier": calendrier, "lien": _lien_calendrier(calendrier)},
        lieu=calendrier.lieu_id,
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
        permanences, trouves = conflits_du_calendrier(calendrier)
        if not permanences:
            raise ValidationError(_("Ajoutez au moins une permanence avant d'envoyer."))
        bloquants = [
            f"{_horaire(permanences[indice])} : {conflit.message}"
            for indice, liste in trouves.items()
            for conflit in liste
            if conflit.bloquant
        ]
        if bloquants:
            raise ValidationError([_("Réglez d'abord ces conflits :"), *bloquants], code="conflits")
        calendrier.statut = Calendrier.Statut.SOUMIS
        calendrier.soumis_par = par
        calendrier.soumis_le = timezone.now()
        calendrier.full_clean()
        calendrier.save()
        transaction.on_commit(
            partial(_prevenir, calendrier, "soumis", adresses_du_lieu(calendrier.lieu_id)),
            robust=True,
        )
    return calendrier


def renvoyer_calendrier(*, calendrier, par, commentaire) -> Calendrier:
    """The Ruche sends a submitted calendar back with what to change; the association is told.

    Raises PermissionDenied when `par` is not Ruche staff, ValidationError (French) without
    a comment or when the calendar is not waiting for validation.
    """
    if not est_personnel(par):
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


def valider_calendrier(*, calendrier, par) -> Bilan:
    """Validates a semester calendar (Ruche staff only) and generates its occurrences.

    Raises PermissionDenied when `par` is not Ruche staff, ValidationError (French) when
    the calendar has no permanence or a room is taken; then it keeps its state. Once
    committed, the association is told by mail.
    """
    if not est_personnel(par):
        raise PermissionDenied
    with transaction.atomic():
        calendrier = Calendrier.objects.select_for_update().get(pk=calendrier.pk)
        if not calendrier.permanences.exists():
            raise ValidationError(_("Ce calendrier n'a encore aucune permanence."))
        calendrier.statut = Calendrier.Statut.VALIDE
        calendrier.valide_par = par
        calendrier.valide_le = timezone.now()
        calendrier.full_clean()
        calendrier.save()
        bilan = generer_occurrences(calendrier=calendrier, par=par)
        transaction.on_commit(partial(prevenir_validation, calendrier), robust=True)
        return bilan
