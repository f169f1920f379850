"""Appointments, sessions and workshops on given days, for the statistics tests."""

from datetime import timedelta

from permanences.models import Demarche, Inscription, Occurrence, RendezVous
from tests.permanences.factories import (
    AtelierFactory,
    CalendrierFactory,
    DemarcheFactory,
    InscriptionFactory,
    OccurrenceFactory,
    PermanenceFactory,
    RendezVousFactory,
    SalleFactory,
    paris,
)


def occurrences(organisation, jours, *, salle="Bureau 1"):
    """One session of a weekly permanence of the organisation on each day."""
    calendrier = CalendrierFactory(organisation=organisation, annee=jours[0].year)
    permanence = PermanenceFactory(calendrier=calendrier, salle=SalleFactory(nom=salle))
    return [OccurrenceFactory(permanence=permanence, date=jour) for jour in jours]


def annuler(occurrence):
    occurrence.statut = Occurrence.Statut.ANNULEE
    occurrence.motif_annulation = "Intervenante malade"
    occurrence.save()


def demarche(theme=Demarche.Theme.RETRAITE, nom="Droits à la retraite"):
    return DemarcheFactory(slug=f"demarche-{theme}", theme=theme, nom=nom)


def rendez_vous(occurrence, statuts, *, demarche, apres=0):
    """One appointment per status, one after the other in the session (after `apres`
    others)."""
    return [
        RendezVousFactory(
            occurrence=occurrence,
            demarche=demarche,
            debut=occurrence.debut + timedelta(minutes=demarche.duree_minutes * (apres + i)),
            statut=statut,
        )
        for i, statut in enumerate(statuts)
    ]


def atelier(organisation, jour, statuts, *, capacite=6, heure=14):
    """A workshop on the day with one registration per status."""
    debut = paris(jour.year, jour.month, jour.day, heure)
    atelier = AtelierFactory(
        organisation=organisation,
        debut=debut,
        fin=debut + timedelta(hours=2),
        capacite=capacite,
        salle=SalleFactory(nom="Salle des ateliers", capacite=12),
    )
    inscrire(atelier, statuts)
    return atelier


def inscrire(atelier, statuts):
    rang = 0
    for statut in statuts:
        attente = statut == Inscription.Statut.EN_ATTENTE
        rang += attente
        InscriptionFactory(atelier=atelier, statut=statut, position=rang if attente else None)


VENU = RendezVous.Statut.VENU
ABSENT = RendezVous.Statut.ABSENT
RESERVE = RendezVous.Statut.RESERVE
ANNULE_HABITANT = RendezVous.Statut.ANNULE_HABITANT
ANNULE_ASSOCIATION = RendezVous.Statut.ANNULE_ASSOCIATION
TOUS_LES_STATUTS = [VENU, ABSENT, RESERVE, ANNULE_HABITANT, ANNULE_ASSOCIATION]
PRESENT = Inscription.Statut.PRESENT
INSCRIT = Inscription.Statut.INSCRIT
ABSENTE = Inscription.Statut.ABSENT
ANNULEE = Inscription.Statut.ANNULE
EN_ATTENTE = Inscription.Statut.EN_ATTENTE
