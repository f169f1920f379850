"""Reminders before appointments, at the times set in `settings.RAPPELS_RENDEZ_VOUS`.

A rule reads `J-<days>@<HH:MM>`: on the day that many days before the appointment, at that
Paris time ("J-2@09:00": two days before at 9:00; "J-0@08:00": the morning of the day).
Each reminder is claimed by inserting its `Rappel` row, unique per (appointment, rule), in
the same transaction that queues the messages: with several workers, one wins, the others
skip it.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from permanences.models import Rappel, RendezVous
from permanences.services.notifications import notifier_rendez_vous
from ruche.formats import PARIS

REGLE = re.compile(r"^J-(\d{1,2})@([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class RegleRappel:
    jours_avant: int
    heure: time

    @property
    def code(self):
        return f"J-{self.jours_avant}@{self.heure:%H:%M}"

    def echeance(self, debut):
        """When the reminder of an appointment starting at `debut` is due (aware)."""
        jour = debut.astimezone(PARIS).date() - timedelta(days=self.jours_avant)
        return datetime.combine(jour, self.heure, tzinfo=PARIS)


def lire_regle(texte):
    lu = REGLE.match(texte.strip())
    if lu is None:
        raise ImproperlyConfigured(
            f"RAPPELS_RENDEZ_VOUS : « {texte} » n'est pas de la forme J-2@09:00."
        )
    jours, heures, minutes = (int(morceau) for morceau in lu.groups())
    return RegleRappel(jours, time(heures, minutes))


def regles():
    return [lire_regle(texte) for texte in settings.RAPPELS_RENDEZ_VOUS]


def rappels_dus(maintenant):
    """(rule, appointment) pairs due now, not sent yet, booked before they fell due."""
    for regle in regles():
        candidats = (
            RendezVous.objects.reserves()
            .filter(
                debut__gt=maintenant,
                debut__lte=maintenant + timedelta(days=regle.jours_avant + 1),
            )
            .exclude(rappels__type=regle.code)
            .select_related("demarche", "occurrence__permanence__salle")
        )
        for rdv in candidats:
            due = regle.echeance(rdv.debut)
            if rdv.cree_le <= due <= maintenant:
                yield regle, rdv


def envoyer_rappels(*, maintenant=None) -> int:
    """Queues every reminder due; returns how many this call claimed."""
    maintenant = maintenant or timezone.now()
    envoyes = 0
    for regle, rdv in rappels_dus(maintenant):
        try:
            with transaction.atomic():
                Rappel.objects.create(rendez_vous=rdv, type=regle.code, envoye_le=maintenant)
                notifier_rendez_vous(rdv, "rappel")
        except IntegrityError:
            continue  # another worker claimed it
        envoyes += 1
    return envoyes
