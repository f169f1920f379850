"""iCalendar files, built in one place: the file a resident gets with a booking or a
workshop place, and the feed of occurrences a volunteer's phone follows."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from permanences.models import Occurrence
from ruche.formats import PARIS

# The feed covers recent and coming occurrences only, so it stays small over the years.
FLUX_PASSE = timedelta(days=90)
FLUX_AVENIR = timedelta(days=400)


def lieu(salle):
    """Where it happens, as messages and calendars write it: the room's place and the room."""
    return f"{salle.lieu.adresse_complete} — {salle}"


def evenement(*, uid, debut, fin, titre, lieu, description, annule=False, sequence=None):
    evenement_ics = Event()
    evenement_ics.add("uid", uid)
    evenement_ics.add("dtstamp", timezone.now())
    evenement_ics.add("dtstart", debut)
    evenement_ics.add("dtend", fin)
    evenement_ics.add("summary", titre)
    evenement_ics.add("location", lieu)
    evenement_ics.add("description", description)
    if sequence is not None:
        evenement_ics.add("sequence", sequence)
    evenement_ics.add("status", "CANCELLED" if annule else "CONFIRMED")
    return evenement_ics


def calendrier(evenements, *, produit, **proprietes):
    """The iCalendar file of `evenements`; `proprietes` are added to the calendar."""
    cal = Calendar()
    cal.add("prodid", f"-//La Ruche numérique//{produit}//FR")
    cal.add("version", "2.0")
    for nom, valeur in proprietes.items():
        cal.add(nom.replace("_", "-"), valeur)
    for evenement_ics in evenements:
        cal.add_component(evenement_ics)
    return cal.to_ical()


def calendrier_ics(*, annule=False, sequence=0, **champs):
    """An iCalendar file with one event (or its cancellation) for the resident's phone;
    `champs` are those of `evenement`."""
    evenement_ics = evenement(annule=annule, sequence=sequence, **champs)
    return calendrier(
        [evenement_ics], produit="Rendez-vous", method="CANCEL" if annule else "PUBLISH"
    )


def _evenement_occurrence(occurrence):
    organisation = occurrence.permanence.organisation
    lignes = [demarche.nom for demarche in occurrence.permanence.demarches.all()]
    if occurrence.est_annulee:
        lignes.insert(0, _("Non maintenue : %(motif)s") % {"motif": occurrence.motif_annulation})
    return evenement(
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
