"""An earlier time: a resident whose appointment is far off asks to be told when an earlier
one frees up for the same démarche, as the State's booking service offers.

The resident asks, or stops, on the page of their link (`demander_plus_tot`,
`arreter_plus_tot`). Every few minutes a timer runs `manage.py chercher_plus_tot`
(`chercher_plus_tot`): it ends the requests whose appointment moved, was cancelled or is
near, then, in the daytime, offers each request the earliest free time of its démarche that
is a day earlier at least: first asked, first told, one request per time per run, one alert a
day and ALERTES_MAX alerts at most per request. The alert's link opens that time; one tap
moves the booking through the usual service (`deplacer_rendez_vous`: the occurrence's lock,
the booking rules), so a time is never given twice. One run at a time: a run that starts
while another is at work returns at once (on PostgreSQL, a lock held until the run's
transaction ends), so two runs never offer the same time to two requests each.
"""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanences.models import DemandePlusTot, RendezVous
from permanences.receivers import nom_du_rendez_vous
from permanences.services.disponibilites import creneaux_publics
from permanences.services.notifications import notifier_plus_tot
from permanences.services.rendezvous import deplacer_rendez_vous
from ruche.formats import PARIS
from ruche.portees import changer_objets

# An appointment this far off may ask; once it is nearer, the alerts stop.
LOIN = timedelta(days=3)
# An earlier time is worth an alert when it is a day earlier at least…
GAIN_MIN = timedelta(days=1)
# …and leaves half a day to get ready.
PREAVIS = timedelta(hours=12)
ALERTES_MAX = 3
ENTRE_DEUX_ALERTES = timedelta(days=1)
# No alert at night: a text message at 3 in the morning wakes people up.
HEURES_D_ENVOI = (time(8), time(20))

# The key of the lock that keeps runs one at a time (any number the project uses only here).
VERROU_RECHERCHE = 7_310_001

MESSAGE_PROCHE = _("Votre rendez-vous est bientôt : nous ne pouvons plus chercher plus tôt.")


def alertes_epuisees(demande, rdv):
    return (
        demande is not None
        and demande.debut_rendez_vous == rdv.debut
        and demande.alertes >= ALERTES_MAX
    )


def peut_demander(rdv, maintenant=None):
    """Whether the resident may ask now: a booked appointment, still theirs to change, far
    off, whose alerts are not all sent yet."""
    maintenant = maintenant or timezone.now()
    demande = getattr(rdv, "demande_plus_tot", None)
    return (
        rdv.statut == RendezVous.Statut.RESERVE
        and rdv.modifiable(maintenant)
        and rdv.debut - maintenant > LOIN
        and not alertes_epuisees(demande, rdv)
    )


def _verrouiller(rendez_vous):
    return (
        RendezVous.objects.select_for_update(of=("self",))
        .select_related("demande_plus_tot")
        .get(pk=rendez_vous.pk)
    )


def demander_plus_tot(*, rendez_vous, maintenant=None) -> DemandePlusTot:
    """Starts (or starts again) the request of this appointment. Raises ValidationError when
    the appointment is near, no longer booked or already had its alerts."""
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        rdv = _verrouiller(rendez_vous)
        if not peut_demander(rdv, maintenant):
            raise ValidationError(MESSAGE_PROCHE, code="proche")
        demande = getattr(rdv, "demande_plus_tot", None)
        if demande is None:
            demande = DemandePlusTot(rendez_vous=rdv, cree_le=maintenant)
        if demande.debut_rendez_vous != rdv.debut:  # a new date: everything afresh
            demande.debut_rendez_vous = rdv.debut
            demande.alertes = 0
            demande.derniere_alerte_le = None
            demande.occurrence_proposee = None
            demande.debut_propose = None
        demande.finie_le = None
        demande.fin = ""
        demande.full_clean()
        demande.save()
    return demande


def arreter_plus_tot(*, rendez_vous, maintenant=None) -> bool:
    """The resident wants no more alerts; False when there was none to stop."""
    with transaction.atomic():
        arretees = (
            DemandePlusTot.objects.en_cours()
            .filter(rendez_vous=rendez_vous)
            .update(finie_le=maintenant or timezone.now(), fin=DemandePlusTot.Fin.ARRETEE)
        )
        if arretees:  # no signal: the booking's own page shows it
            changer_objets(nom_du_rendez_vous(rendez_vous.pk))
    return bool(arretees)


def raison_de_fin(demande, maintenant):
    """Why a request in progress ends now (DemandePlusTot.Fin), or None."""
    rdv = demande.rendez_vous
    if rdv.statut != RendezVous.Statut.RESERVE or rdv.est_anonymise:
        return DemandePlusTot.Fin.ANNULE
    if rdv.debut != demande.debut_rendez_vous:
        return DemandePlusTot.Fin.DEPLACE
    if rdv.debut - maintenant <= LOIN:
        return DemandePlusTot.Fin.PROCHE
    if demande.alertes >= ALERTES_MAX:
        return DemandePlusTot.Fin.ALERTES
    return None


def heure_d_envoi(maintenant):
    debut, fin = HEURES_D_ENVOI
    return debut <= maintenant.astimezone(PARIS).time() < fin


def _premier_plus_tot(libres, demande, maintenant, proposes):
    """The earliest free (occurrence pk, start) for this request that no other request got
    in this run, or None. `libres` are the démarche's public slots, sorted."""
    plus_tot = (maintenant + PREAVIS).timestamp()
    plus_tard = (demande.rendez_vous.debut - GAIN_MIN).timestamp()
    for cle, debut, _fin in libres:
        if debut > plus_tard:
            return None
        if debut >= plus_tot and (cle, debut) not in proposes:
            return cle, debut
    return None


def _seule_recherche() -> bool:
    """Whether no other run is at work; then none starts until this transaction ends.
    (SQLite runs one writer at a time anyway.)"""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_try_advisory_xact_lock(%s)", [VERROU_RECHERCHE])
        return curseur.fetchone()[0]


def chercher_plus_tot(*, maintenant=None) -> int:
    """Ends what must end, then queues the alerts due (see the module); returns how many."""
    maintenant = maintenant or timezone.now()
    alertes = []
    with transaction.atomic():
        if not _seule_recherche():
            return 0
        demandes = list(
            DemandePlusTot.objects.en_cours()
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("rendez_vous__demarche")
            .order_by("cree_le", "pk")
        )
        finies, attente = defaultdict(list), defaultdict(list)
        for demande in demandes:
            raison = raison_de_fin(demande, maintenant)
            if raison:
                finies[raison].append(demande.pk)
            elif (
                demande.derniere_alerte_le is None
                or demande.derniere_alerte_le <= maintenant - ENTRE_DEUX_ALERTES
            ):
                attente[demande.rendez_vous.demarche].append(demande)
        for raison, cles in finies.items():
            DemandePlusTot.objects.filter(pk__in=cles).update(finie_le=maintenant, fin=raison)
            changer_objets(
                *(nom_du_rendez_vous(d.rendez_vous_id) for d in demandes if d.pk in cles)
            )
        if not (attente and heure_d_envoi(maintenant)):
            return 0
        for demarche, groupe in attente.items():
            libres = creneaux_publics(demarche=demarche, maintenant=maintenant)
            proposes = set()
            for demande in groupe:
                trouve = _premier_plus_tot(libres, demande, maintenant, proposes)
                if trouve is None:
                    continue
                proposes.add(trouve)
                _proposer(demande, *trouve, maintenant)
                alertes.append(demande)
        transaction.on_commit(lambda: [notifier_plus_tot(demande) for demande in alertes])
    return len(alertes)


def _proposer(demande, cle, debut, maintenant):
    demande.occurrence_proposee_id = cle
    demande.debut_propose = datetime.fromtimestamp(debut, UTC)
    demande.alertes += 1
    demande.derniere_alerte_le = maintenant
    if demande.alertes >= ALERTES_MAX:  # its link still opens the time it offers
        demande.finie_le = maintenant
        demande.fin = DemandePlusTot.Fin.ALERTES
    demande.save(
        update_fields=[
            "occurrence_proposee",
            "debut_propose",
            "alertes",
            "derniere_alerte_le",
            "finie_le",
            "fin",
        ]
    )


def proposition(rdv):
    """(occurrence pk, aware start) of the earlier time the last alert offered this booking,
    while the booking keeps the date it had then; else None."""
    demande = getattr(rdv, "demande_plus_tot", None)
    if (
        demande is None
        or demande.debut_propose is None
        or demande.debut_rendez_vous != rdv.debut
        or demande.occurrence_proposee_id is None
    ):
        return None
    return demande.occurrence_proposee_id, demande.debut_propose.astimezone(PARIS)


def prendre_plus_tot(*, rendez_vous, occurrence, debut, langue=None) -> RendezVous:
    """Moves the booking to the earlier time an alert offered: the usual move, then the
    request ends. Raises CreneauPris, or ValidationError, as deplacer_rendez_vous does."""
    if debut >= rendez_vous.debut:
        raise ValidationError(_("Cette heure n'est pas plus tôt."), code="pas_plus_tot")
    with transaction.atomic():
        rdv = deplacer_rendez_vous(
            rendez_vous=rendez_vous, occurrence=occurrence, debut=debut, langue=langue
        )
        DemandePlusTot.objects.filter(rendez_vous=rdv).update(
            finie_le=timezone.now(),
            fin=DemandePlusTot.Fin.DEPLACE,
            occurrence_proposee=None,
            debut_propose=None,
        )
    return rdv
