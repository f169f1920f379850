"""iCalendar files, built in one place for every app: the file a resident gets with a
booking or a workshop place, a committee's invitation, the volunteers' feed
(permanences.services.agenda). Plumbing with no model, so that partenariats does not
import permanences to send a calendar file."""

from django.utils import timezone
from icalendar import Calendar, Event


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
