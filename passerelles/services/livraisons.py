"""Sending webhook deliveries: signed (Standard Webhooks), retried with a growing delay, an
endpoint that keeps failing paused and the staff told, a delivery replayed on request.

A delivery row is locked (`SELECT … FOR UPDATE SKIP LOCKED`) while it is being sent, so two
triggers of the same delivery never send it at once; a worker killed mid-send releases the
lock with its connection, and the row, still "à envoyer", is sent again by the next trigger
(the task put back by the next worker, or `relancer_webhooks`). A receiver may thus see a
delivery twice, with the same `webhook-id`: at least once, never zero times.
"""

import json
import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend, task
from standardwebhooks.webhooks import Webhook

from passerelles.models import Abonnement, Evenement, Livraison
from passerelles.services.adresses import AdresseRefusee, poster
from ruche.courriels import envoyer
from ruche.destinataires import adresses_du_lieu

logger = logging.getLogger(__name__)


def delai(tentative):
    """The wait after the `tentative`-th failure: 1, 2, 4… minutes, at most an hour (by
    default), about ten hours over the default WEBHOOKS_TENTATIVES_MAX attempts."""
    premier = settings.WEBHOOKS_DELAI_INITIAL_SECONDES
    return timedelta(
        seconds=min(premier * 2 ** (tentative - 1), settings.WEBHOOKS_DELAI_MAX_SECONDES)
    )


@task()
def livrer_webhook(livraison_id: int) -> str:
    return livrer(livraison_id)


def declencher(pks, *, quand=None):
    """Queues the sending of these deliveries (now, or at `quand` when the queue can wait;
    otherwise `relancer_webhooks` will)."""
    if quand is not None and not default_task_backend.supports_defer:
        return
    tache = livrer_webhook if quand is None else livrer_webhook.using(run_after=quand)
    for pk in pks:
        tache.enqueue(pk)


def signer(abonnement, identifiant, moment, corps):
    """The `webhook-signature` header: one `v1,…` per valid secret (two while rotating)."""
    return " ".join(
        Webhook(secret).sign(msg_id=identifiant, timestamp=moment, data=corps)
        for secret in abonnement.secrets_valides()
    )


def preparer(livraison, moment):
    """(body, headers) of one attempt."""
    corps = json.dumps(livraison.evenement.corps(), ensure_ascii=False, separators=(",", ":"))
    moment = moment.astimezone(UTC)
    entetes = {
        "Content-Type": "application/json",
        "User-Agent": "Ruche-Webhooks/1",
        "webhook-id": livraison.identifiant,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signer(livraison.abonnement, livraison.identifiant, moment, corps),
    }
    return corps, entetes


def _tenter(livraison):
    """(HTTP status or None, error text)."""
    corps, entetes = preparer(livraison, timezone.now())
    try:
        code = poster(
            livraison.abonnement.url,
            corps.encode(),
            entetes,
            delai=settings.WEBHOOKS_DELAI_REPONSE_SECONDES,
        )
    except AdresseRefusee as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - any network failure is a failed attempt
        return None, f"{type(exc).__name__}: {exc}"[:300]
    if 200 <= code < 300:
        return code, ""
    return code, f"réponse HTTP {code}"


def livrer(livraison_id) -> str:
    """Makes one attempt at a delivery that is due; says what happened."""
    with transaction.atomic():
        livraison = (
            Livraison.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("evenement", "abonnement")
            .filter(pk=livraison_id, statut=Livraison.Statut.A_ENVOYER)
            .first()
        )
        if livraison is None:
            return "rien à faire"
        abonnement = livraison.abonnement
        if not abonnement.actif or abonnement.en_pause:
            return "abonnement en pause"
        maintenant = timezone.now()
        if livraison.prochain_essai and livraison.prochain_essai > maintenant + timedelta(
            seconds=1
        ):
            return "pas encore"
        code, erreur = _tenter(livraison)
        livraison.tentatives += 1
        livraison.derniere_tentative = timezone.now()
        livraison.dernier_code = code
        livraison.derniere_erreur = erreur
        if not erreur:
            livraison.statut = Livraison.Statut.REUSSIE
            livraison.recue_le = livraison.derniere_tentative
            livraison.prochain_essai = None
            livraison.save()
            Abonnement.objects.filter(pk=abonnement.pk).update(echecs_consecutifs=0)
            return "reçue"
        Abonnement.objects.filter(pk=abonnement.pk).update(
            echecs_consecutifs=F("echecs_consecutifs") + 1
        )
        abonnement.refresh_from_db(fields=["echecs_consecutifs", "en_pause_depuis"])
        if livraison.tentatives >= settings.WEBHOOKS_TENTATIVES_MAX:
            livraison.statut = Livraison.Statut.ECHOUEE
            livraison.prochain_essai = None
            livraison.save()
            mettre_en_pause(abonnement, raison=erreur)
            return "échouée"
        livraison.prochain_essai = livraison.derniere_tentative + delai(livraison.tentatives)
        livraison.save()
        if abonnement.echecs_consecutifs >= settings.WEBHOOKS_ECHECS_AVANT_PAUSE:
            mettre_en_pause(abonnement, raison=erreur)
        else:
            quand = livraison.prochain_essai
            transaction.on_commit(lambda: declencher([livraison_id], quand=quand), robust=True)
        logger.warning("Webhook %s : tentative %s, %s", livraison.pk, livraison.tentatives, erreur)
        return "reportée"


def mettre_en_pause(abonnement, *, raison):
    """Stops sending to an endpoint that keeps failing (what it must receive keeps waiting)
    and tells the staff once."""
    if not Abonnement.objects.filter(pk=abonnement.pk, en_pause_depuis__isnull=True).update(
        en_pause_depuis=timezone.now()
    ):
        return
    abonnement.refresh_from_db()
    logger.error("Webhooks de %s mis en pause : %s", abonnement, raison)
    # A place's subscription is its staff's to resume; a partner's, the install's.
    lieu = abonnement.lieu_id
    transaction.on_commit(
        lambda: envoyer(
            to=adresses_du_lieu(lieu) if lieu else settings.RUCHE_STAFF_EMAIL,
            template="passerelles/courriels/abonnement_en_pause",
            context={
                "abonnement": abonnement,
                "raison": raison,
                "lien": settings.SITE_URL.rstrip("/")
                + f"/admin/passerelles/abonnement/{abonnement.pk}/change/",
            },
            lieu=lieu,
        ),
        robust=True,
    )


def reprendre(*, abonnement) -> int:
    """Ends a pause: what waited is sent again now. Returns how many deliveries."""
    with transaction.atomic():
        Abonnement.objects.filter(pk=abonnement.pk).update(
            en_pause_depuis=None, echecs_consecutifs=0
        )
        attente = Livraison.objects.filter(abonnement=abonnement, statut=Livraison.Statut.A_ENVOYER)
        pks = list(attente.values_list("pk", flat=True))
        attente.update(prochain_essai=timezone.now())
        transaction.on_commit(lambda: declencher(pks), robust=True)
    return len(pks)


def rejouer(*, livraisons) -> int:
    """Sends these deliveries again now, whatever their state (a partner lost one, or
    fixed its endpoint), with the same `webhook-id`. Returns how many."""
    with transaction.atomic():
        pks = [livraison.pk for livraison in livraisons]
        Livraison.objects.filter(pk__in=pks).update(
            statut=Livraison.Statut.A_ENVOYER, prochain_essai=timezone.now(), tentatives=0
        )
        transaction.on_commit(lambda: declencher(pks), robust=True)
    return len(pks)


def relancer(maintenant=None) -> int:
    """Queues again the deliveries due for a while whose trigger was lost (a process
    stopped between the commit and the queue, a task failed): run every few minutes."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(seconds=settings.WEBHOOKS_RELANCE_APRES_SECONDES)
    pks = list(
        Livraison.objects.filter(
            statut=Livraison.Statut.A_ENVOYER,
            prochain_essai__lte=limite,
            abonnement__actif=True,
            abonnement__en_pause_depuis__isnull=True,
        )
        .order_by("prochain_essai")
        .values_list("pk", flat=True)[:1000]
    )
    declencher(pks)
    return len(pks)


def purger(maintenant=None) -> int:
    """Deletes the log of the deliveries done (received or failed) of events older than
    WEBHOOKS_CONSERVATION_JOURS, and the events left without a delivery; what still waits
    is kept. Returns how many deliveries."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(days=settings.WEBHOOKS_CONSERVATION_JOURS)
    nombre, _detail = (
        Livraison.objects.exclude(statut=Livraison.Statut.A_ENVOYER)
        .filter(evenement__survenu_le__lt=limite)
        .delete()
    )
    Evenement.objects.filter(survenu_le__lt=limite, livraisons__isnull=True).delete()
    return nombre
