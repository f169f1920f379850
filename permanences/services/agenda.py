"""The feed of occurrences a volunteer's phone follows, and where things happen as messages
and calendars write it. The iCalendar files themselves are built in ruche.agenda."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from permanences.models import Occurrence
from ruche.agenda import calendrier, evenement
from ruche.formats import PARIS

# The feed covers recent and coming occurrences only, so it stays small over the years.
FLUX_PASSE = timedelta(days=90)
FLUX_AVENIR = timedelta(days=400)


def lieu(salle):
    """Where it happens, as messages and calendars write it: the room's place and the room."""
    return f"{salle.lieu.adresse_complete} — {salle}"


def _evenement_occurrence(occurrence):
    organisation = occurrence.permanence.organisation
    lignes = [demarche.nom for demarche in occurrence.permanence.demarches.all()]
    if occurrence.est_annulee:
        lignes.insert(0, _("Non maintenue : %(motif)s") % {"motif": occurrence.motif_annulation})
    return evenement(
        # The UID keeps its old "seance-" prefix: calendars that follow the feed know each
        # event by it, and a new UID would show every occurrence twice on their phones.
        uid=f"seance-{occurrence.pk}@ruche-numerique",
        debut=occurrence.debut,
        fin=occurrence.fin,
        titre=_("Permanence %(org)s") % {"org": organisation.sigle or organisation.nom},
        lieu=lieu(occurrence.salle),
        description="\n".join(lignes),
        annule=occurrence.est_annulee,
    )


def flux_des_occurrences(utilisateur):
    """The occurrences `utilisateur` may see, from a little before now to a year ahead, as a
    calendar feed: a fixed number of queries."""
    maintenant = timezone.now()
    occurrences = (
        Occurrence.objects.visibles_par(utilisateur)
        .entre(maintenant - FLUX_PASSE, maintenant + FLUX_AVENIR)
        .select_related("permanence__organisation", "reservation__salle__lieu")
        .prefetch_related("permanence__demarches")
    )
    return calendrier(
        [_evenement_occurrence(occurrence) for occurrence in occurrences],
        produit="Permanences",
        x_wr_calname=_("Permanences à la Ruche numérique"),
        x_wr_timezone=PARIS.key,
    )
