"""Personal data of past appointments and registrations is erased after the retention period.

Rows stay (statistics count them); name, phone, email and notes are emptied, in the history
tables too, and the secret link is replaced so it no longer opens anything.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from permanences.models import Inscription, RendezVous
from permanences.models.rendezvous import generer_secret
from permanences.receivers import oublier_versions_des_rendez_vous
from ruche.portees import ecriture_en_masse


def mois_avant(jour: date, mois: int) -> date:
    """The same day `mois` months earlier (the month's last day when it has fewer days)."""
    rang = jour.year * 12 + jour.month - 1 - mois
    annee, numero = divmod(rang, 12)
    numero += 1
    return date(annee, numero, min(jour.day, calendar.monthrange(annee, numero)[1]))


def _effacer(model, ids, fields, now):
    with transaction.atomic():
        model.objects.filter(pk__in=ids).update(anonymise_le=now, **fields)
        # A new secret each (it must stay unique), so the old link opens nothing.
        model.objects.bulk_update(
            [model(pk=pk, secret=generer_secret()) for pk in ids], ["secret"], batch_size=500
        )
        model.history.filter(id__in=ids).update(**fields)
        # Bulk writes send no signal: the day board shows names, and a secret link's page
        # kept in the page cache would show them until it expires.
        ecriture_en_masse()


def anonymiser_donnees(*, maintenant=None, mois=None) -> dict[str, int]:
    """Anonymises what ended more than `mois` (default RETENTION_MONTHS) months ago."""
    maintenant = maintenant or timezone.now()
    mois = settings.RETENTION_MONTHS if mois is None else mois
    limite = mois_avant(timezone.localdate(maintenant), mois)
    rdv_ids = list(
        RendezVous.objects.filter(anonymise_le__isnull=True, debut__date__lt=limite).values_list(
            "pk", flat=True
        )
    )
    _effacer(
        RendezVous, rdv_ids, {"nom": "", "telephone": "", "email": "", "notes": ""}, maintenant
    )
    # Their links open nothing now: their pages' own versions go.
    oublier_versions_des_rendez_vous()
    inscription_ids = list(
        Inscription.objects.filter(
            anonymise_le__isnull=True, atelier__debut__date__lt=limite
        ).values_list("pk", flat=True)
    )
    _effacer(Inscription, inscription_ids, {"nom": "", "telephone": "", "email": ""}, maintenant)
    return {"rendez_vous": len(rdv_ids), "inscriptions": len(inscription_ids)}
