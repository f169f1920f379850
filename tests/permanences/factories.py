import datetime as dt
from zoneinfo import ZoneInfo

import factory

from permanences.models import (
    Calendrier,
    Demarche,
    Fermeture,
    Occurrence,
    Permanence,
    ReservationSalle,
    Salle,
)
from tests.partenariats.factories import OrganisationFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


class SalleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Salle
        django_get_or_create = ("nom",)

    nom = factory.Iterator(["Salle Cèze", "Bureau 1", "Salle des ateliers", "Bureau 2"])
    capacite = 8
    equipements = "6 ordinateurs\nImprimante\nVidéoprojecteur"


class FermetureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fermeture

    debut = dt.date(2026, 12, 24)
    fin = dt.date(2027, 1, 2)
    motif = "Fermeture de fin d'année"


class DemarcheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demarche
        django_get_or_create = ("slug",)

    nom = "Demande de titre de séjour"
    slug = factory.Sequence(lambda n: f"demarche-{n}")
    theme = Demarche.Theme.TITRE_SEJOUR
    description = "On vous aide à faire la demande en ligne."
    duree_minutes = 45
    pieces_a_apporter = "Passeport\nJustificatif de domicile\n3 photos d'identité"


class CalendrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calendrier

    organisation = factory.SubFactory(OrganisationFactory)
    annee = 2027
    semestre = Calendrier.Semestre.PREMIER


class PermanenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permanence

    calendrier = factory.SubFactory(CalendrierFactory)
    organisation = factory.SelfAttribute("calendrier.organisation")
    jour_semaine = Permanence.JourSemaine.MARDI
    heure_debut = dt.time(9, 0)
    heure_fin = dt.time(12, 0)
    salle = factory.SubFactory(SalleFactory)


class ReservationSalleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReservationSalle

    salle = factory.SubFactory(SalleFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    debut = paris(2027, 1, 5, 9)
    fin = paris(2027, 1, 5, 12)
    objet = ReservationSalle.Objet.PERMANENCE


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    permanence = factory.SubFactory(PermanenceFactory)
    date = dt.date(2027, 1, 5)
    debut = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date, o.permanence.heure_debut, tzinfo=PARIS)
    )
    fin = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date, o.permanence.heure_fin, tzinfo=PARIS)
    )
    reservation = factory.SubFactory(
        ReservationSalleFactory,
        salle=factory.SelfAttribute("..permanence.salle"),
        organisation=factory.SelfAttribute("..permanence.organisation"),
        debut=factory.SelfAttribute("..debut"),
        fin=factory.SelfAttribute("..fin"),
    )
