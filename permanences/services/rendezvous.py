"""Booking, moving and cancelling appointments; a slot is never given twice.

Each write locks the occurrence (Occurrence row) first, so two people confirming the same slot
queue up: the second one sees the first booking and gets "Quelqu'un vient de prendre cette heure.".
The database constraints (unique start, no overlap) are the last guard.
"""

from contextlib import contextmanager
from datetime import UTC, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenariats.selecteurs.couverture import une_lecture
from permanences.models import Occurrence, RendezVous
from permanences.models.constraints import Chevauchement
from permanences.services.disponibilites import (
    creneaux_pour,
    occurrences_de,
    rafraichir_creneaux,
)
from permanences.services.notifications import notifier_rendez_vous
from ruche.evenements import (
    avec_les_ecouteurs,
    emettre,
    retenir_les_ecouteurs,
    une_ecriture,
)
from ruche.langues import nom_en_phrase
from ruche.models import Lieu
from ruche.versions import renouvellements_groupes

MESSAGE_PRIS = _("Quelqu'un vient de prendre cette heure.")
MESSAGE_PLUS_PROPOSE = _("Cette heure n'est plus proposée. Choisissez une autre heure.")
MESSAGE_TROP_TARD = _(
    "Il est trop tard pour changer ce rendez-vous sur internet. Appelez ou venez à %(lieu)s."
)
MESSAGE_CRENEAU_INCONNU = _("Cette heure n'existe pas. Choisissez une heure dans la liste.")


def trop_tard(rdv):
    """The refusal of a change past the deadline, naming the booking's place."""
    lieu = nom_en_phrase(rdv.occurrence.permanence.salle.lieu.nom)
    return ValidationError(MESSAGE_TROP_TARD, code="trop_tard", params={"lieu": lieu})


CANAUX_GUICHET = (
    RendezVous.Canal.ORIENTE_RUCHE,
    RendezVous.Canal.TELEPHONE,
    RendezVous.Canal.SUR_PLACE,
)


class CreneauPris(ValidationError):
    """The slot was taken by someone else, a moment ago."""

    def __init__(self):
        super().__init__(MESSAGE_PRIS, code="pris")


def verifier_creneau(*, occurrence, demarche, debut, guichet, sauf=None):
    """Raises CreneauPris or ValidationError unless [debut, debut + durée) is free now.

    Call it with the occurrence row locked to be sure; without, to check what was posted.
    """
    libres = creneaux_pour(
        demarche=demarche,
        depuis=debut,
        jusqua=debut + timedelta(seconds=1),
        guichet=guichet,
        occurrences=occurrences_de(demarche).filter(pk=occurrence.pk),
        sauf=sauf,
    )
    if any(creneau.instant == debut.astimezone(UTC) for creneau in libres):
        return
    fin = debut + timedelta(minutes=demarche.duree_minutes)
    pris = RendezVous.objects.actifs().filter(occurrence=occurrence, debut__lt=fin, fin__gt=debut)
    if sauf is not None:
        pris = pris.exclude(pk=sauf.pk)
    if pris.exists():
        raise CreneauPris()
    raise ValidationError(MESSAGE_PLUS_PROPOSE, code="indisponible")


def trouver_creneau(*, demarche, valeur, guichet=False, occurrences=None, sauf=None):
    """(occurrence, start) for a posted (occurrence pk, start) if that slot is free now.

    Raises CreneauPris, or ValidationError when the occurrence is unknown or out of reach.
    """
    occurrence_pk, debut = valeur
    occurrences = occurrences_de(demarche) if occurrences is None else occurrences
    occurrence = occurrences.filter(pk=occurrence_pk).first()
    if occurrence is None:
        raise ValidationError(MESSAGE_CRENEAU_INCONNU, code="creneau")
    verifier_creneau(
        occurrence=occurrence, demarche=demarche, debut=debut, guichet=guichet, sauf=sauf
    )
    return occurrence, debut


@contextmanager
def _ecriture():
    """The transaction of a write to appointments. The partners' conventions are read once
    in it (the slot's check, the model's rule and the free slots computed again all ask),
    from the shared cache while none changed (couverture.une_lecture), and the versions it
    renews (ruche.versions) are written together at its end: several
    are the whole network's (the data's, every place's appointments), which the network's
    other bookings then wait for during the commit only, not while this one computes its
    démarches' free slots again. Its first statement reads the listeners' version
    (ruche.evenements), under which the webhooks' subscriptions are kept."""
    with (
        transaction.atomic(),
        une_lecture(gardee=True),
        renouvellements_groupes(),
        une_ecriture(),
    ):
        yield


def _autres_lieux(chemin):
    """Whether the network has places other than the session's (`chemin`: the lookup to its
    place's id), asked in the lock's own statement: the resident's message gives the place's
    addresses by it (`url_lieu`) instead of counting the places."""
    return Exists(Lieu.objects.exclude(pk=OuterRef(chemin)))


def _verrouiller(occurrence):
    # Its room, place and organisation loaded with it (the row alone locked): the model's
    # rule and the resident's message (its signature) read them.
    trouvee = (
        avec_les_ecouteurs(Occurrence.objects.select_for_update(of=("self",)))
        .select_related("permanence__salle__lieu", "permanence__organisation")
        .annotate(plusieurs_lieux=_autres_lieux("permanence__salle__lieu_id"))
        .get(pk=occurrence.pk)
    )
    trouvee.permanence.salle.lieu.plusieurs = trouvee.plusieurs_lieux
    retenir_les_ecouteurs(trouvee)
    return trouvee


# What full_clean would ask the database again, one query each, that the service already
# knows: the session (locked), the démarche and the author exist; the slot is free
# (verifier_creneau, under the session's lock) and the secret is new. The database's
# constraints stay the last guard: a race lost there is an IntegrityError.
DEJA_VERIFIES = {
    "exclude": ["occurrence", "demarche", "cree_par"],
    "validate_unique": False,
    "validate_constraints": False,
}


def _enregistrer(rdv, *, verifie=False):
    """full_clean then save; a constraint refusal (a race lost) becomes CreneauPris. With
    `verifie`, the slot was checked under the session's lock (DEJA_VERIFIES)."""
    try:
        rdv.full_clean(**(DEJA_VERIFIES if verifie else {}))
    except ValidationError as exc:
        erreurs = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
        if any(isinstance(e, Chevauchement) for liste in erreurs for e in liste):
            raise CreneauPris() from exc
        raise
    try:
        # No savepoint of its own: a refusal ends the service's transaction (`_ecriture`,
        # which has one when it runs inside another transaction).
        with transaction.atomic(savepoint=False):
            rdv.save()
    except IntegrityError as exc:
        raise CreneauPris() from exc


def reserver_rendez_vous(
    *,
    occurrence,
    demarche,
    debut,
    nom,
    telephone="",
    email="",
    canal=RendezVous.Canal.EN_LIGNE,
    par=None,
    consentement=False,
    langue="fr",
) -> RendezVous:
    """Books the slot starting at `debut`; every message about it is written in `langue`.
    Raises CreneauPris, or ValidationError (French).

    `consentement` is True only when the person ticked the data notice (or, at the desk,
    agreed to it when asked): only then is the moment recorded.
    """
    guichet = canal in CANAUX_GUICHET
    with _ecriture():
        occurrence = _verrouiller(occurrence)
        verifier_creneau(occurrence=occurrence, demarche=demarche, debut=debut, guichet=guichet)
        rdv = RendezVous(
            occurrence=occurrence,
            demarche=demarche,
            debut=debut,
            fin=debut + timedelta(minutes=demarche.duree_minutes),
            nom=nom.strip(),
            telephone=telephone,
            email=email,
            canal=canal,
            cree_par=par,
            consentement_le=timezone.now() if consentement else None,
            langue=langue,
        )
        _enregistrer(rdv, verifie=True)
        rafraichir_creneaux(occurrence)
        emettre("rendez_vous.cree", objet=rdv)
        transaction.on_commit(lambda: notifier_rendez_vous(rdv, "confirme"))
    return rdv


def _verrouiller_rendez_vous(rendez_vous):
    # As `_verrouiller`, for the booking's session.
    rdv = (
        avec_les_ecouteurs(RendezVous.objects.select_for_update(of=("self",)))
        .select_related(
            "demarche",
            "occurrence__permanence__salle__lieu",
            "occurrence__permanence__organisation",
        )
        .annotate(plusieurs_lieux=_autres_lieux("occurrence__permanence__salle__lieu_id"))
        .get(pk=rendez_vous.pk)
    )
    rdv.occurrence.permanence.salle.lieu.plusieurs = rdv.plusieurs_lieux
    retenir_les_ecouteurs(rdv)
    return rdv


def deplacer_rendez_vous(*, rendez_vous, occurrence, debut, langue=None) -> RendezVous:
    """Moves the resident's appointment to another free slot of the same démarche (also one
    cancelled by the association); `langue`, when given, is the one messages use from now
    on (the page the resident moved it from). Raises CreneauPris, or ValidationError."""
    with _ecriture():
        rdv = _verrouiller_rendez_vous(rendez_vous)
        if not rdv.modifiable():
            raise trop_tard(rdv)
        ancienne = rdv.occurrence
        occurrence = _verrouiller(occurrence)
        verifier_creneau(
            occurrence=occurrence, demarche=rdv.demarche, debut=debut, guichet=False, sauf=rdv
        )
        rdv.occurrence = occurrence
        rdv.debut = debut
        rdv.fin = debut + timedelta(minutes=rdv.demarche.duree_minutes)
        rdv.statut = RendezVous.Statut.RESERVE
        if langue:
            rdv.langue = langue
        _enregistrer(rdv, verifie=True)
        rafraichir_creneaux(ancienne, occurrence)
        # The reminders start again for the new date.
        rdv.rappels.all().delete()
        emettre("rendez_vous.deplace", objet=rdv)
        transaction.on_commit(lambda: notifier_rendez_vous(rdv, "deplace"))
    return rdv


def annuler_rendez_vous(*, rendez_vous, par=None) -> RendezVous:
    """The resident cancels before the démarche's deadline; raises ValidationError after it.

    With `par` (staff or a volunteer cancelling for the person who called or came by) the
    deadline does not apply, only the start: the person is told the same way.
    """
    with _ecriture():
        rdv = _verrouiller_rendez_vous(rendez_vous)
        if par is not None:
            if rdv.statut != RendezVous.Statut.RESERVE or rdv.est_anonymise:
                raise ValidationError(
                    _("Ce rendez-vous n'est plus réservé : rien à annuler."), code="pas_reserve"
                )
            if rdv.debut <= timezone.now():
                raise ValidationError(_("Ce rendez-vous a déjà commencé."), code="commence")
        elif rdv.statut != RendezVous.Statut.RESERVE or not rdv.modifiable():
            raise trop_tard(rdv)
        rdv.statut = RendezVous.Statut.ANNULE_HABITANT
        rdv.save(update_fields=["statut"])
        rafraichir_creneaux(rdv.occurrence)
        emettre(
            "rendez_vous.annule", objet=rdv, annule_par="habitant" if par is None else "accueil"
        )
        transaction.on_commit(lambda: notifier_rendez_vous(rdv, "annule"))
    return rdv


def annuler_rendez_vous_de(*, occurrence) -> int:
    """The occurrence is cancelled: its appointments are cancelled by the association and each
    resident is told, with a link to pick another slot."""
    annules = []
    with _ecriture():
        for rdv in avec_les_ecouteurs(
            RendezVous.objects.reserves()
            .filter(occurrence=occurrence)
            .select_for_update(of=("self",))
            .select_related("demarche", "occurrence__permanence__salle")
        ):
            retenir_les_ecouteurs(rdv)  # the subscriptions read once, not per booking
            rdv.statut = RendezVous.Statut.ANNULE_ASSOCIATION
            rdv.save(update_fields=["statut"])
            emettre("rendez_vous.annule", objet=rdv, annule_par="association")
            annules.append(rdv)
        rafraichir_creneaux(occurrence)
        transaction.on_commit(
            lambda: [notifier_rendez_vous(rdv, "annule_association") for rdv in annules]
        )
    return len(annules)


def marquer_presence(*, rendez_vous, venu: bool) -> RendezVous:
    """Came / did not come, from the day of the appointment on."""
    if not rendez_vous.est_actif:
        raise ValidationError(_("Ce rendez-vous est annulé."), code="annule")
    if timezone.localdate(rendez_vous.debut) > timezone.localdate():
        raise ValidationError(_("Vous pourrez le noter le jour du rendez-vous."), code="trop_tot")
    rendez_vous.statut = RendezVous.Statut.VENU if venu else RendezVous.Statut.ABSENT
    with _ecriture():
        rendez_vous.save(update_fields=["statut"])
        emettre("rendez_vous.presence", objet=rendez_vous, venu=venu)
    return rendez_vous
