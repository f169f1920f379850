import datetime as dt

import factory

from permanences.models import (
    Atelier,
    Calendrier,
    Demarche,
    Inscription,
    Occurrence,
    Permanence,
    RendezVous,
    ReservationSalle,
    Salle,
)
from ruche.formats import PARIS
from ruche.models import Fermeture
from tests.partenariats.factories import OrganisationFactory


def le_lieu_par_defaut():
    from ruche.models import Lieu
    from ruche.models.lieu import lieu_par_defaut

    return Lieu.objects.get(pk=lieu_par_defaut())


def paris(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


class SalleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Salle
        django_get_or_create = ("nom", "lieu")  # room names are unique per place

    lieu = factory.LazyFunction(le_lieu_par_defaut)

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
        django_get_or_create = ("slug", "lieu")  # slugs are unique per place

    lieu = factory.LazyFunction(le_lieu_par_defaut)

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


# Appointments and workshops.


def occurrence_pour(demarche, *, jour=None, debut=dt.time(9), fin=dt.time(12), **permanence):
    """A session taking appointments for the démarche, by default a week from today."""
    from django.utils import timezone

    jour = jour or timezone.localdate() + dt.timedelta(days=7)
    permanence.setdefault("accueil", Permanence.Accueil.RENDEZ_VOUS)
    organisation = permanence.pop("organisation", None)
    if organisation is not None:
        permanence["calendrier"] = Calendrier.objects.get_or_create(
            organisation=organisation, annee=2027, semestre=Calendrier.Semestre.PREMIER
        )[0]
    perm = PermanenceFactory(heure_debut=debut, heure_fin=fin, **permanence)
    perm.demarches.add(demarche)
    return OccurrenceFactory(permanence=perm, date=jour)


class RendezVousFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RendezVous

    occurrence = factory.SubFactory(OccurrenceFactory)
    demarche = factory.SubFactory(DemarcheFactory)
    debut = factory.SelfAttribute("occurrence.debut")
    fin = factory.LazyAttribute(lambda r: r.debut + dt.timedelta(minutes=r.demarche.duree_minutes))
    nom = factory.Faker("name", locale="fr_FR")
    telephone = "06 12 34 56 78"
    email = factory.Sequence(lambda n: f"habitant{n}@exemple.fr")


class AtelierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atelier

    titre = "Premiers pas sur le smartphone"
    description = "Envoyer un message, prendre une photo, installer une application."
    public = Atelier.Public.SENIORS
    organisation = factory.SubFactory(OrganisationFactory)
    salle = factory.SubFactory(SalleFactory, nom="Salle des ateliers")
    debut = factory.LazyFunction(
        lambda: dt.datetime.combine(
            dt.date.today() + dt.timedelta(days=10), dt.time(14), tzinfo=PARIS
        )
    )
    fin = factory.LazyAttribute(lambda a: a.debut + dt.timedelta(hours=2))
    capacite = 6
    reservation = factory.SubFactory(
        ReservationSalleFactory,
        salle=factory.SelfAttribute("..salle"),
        organisation=factory.SelfAttribute("..organisation"),
        debut=factory.SelfAttribute("..debut"),
        fin=factory.SelfAttribute("..fin"),
        objet=ReservationSalle.Objet.ATELIER,
    )


class InscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inscription

    atelier = factory.SubFactory(AtelierFactory)
    nom = factory.Faker("name", locale="fr_FR")
    telephone = "07 11 22 33 44"
    email = factory.Sequence(lambda n: f"inscrit{n}@exemple.fr")


def saisie_habitant(**extra):
    """What a resident types in a public form, with a fresh anti-robot token."""
    from permanences.antiabus import fabriquer_jeton

    data = {
        "nom": "Awa Diallo",
        "telephone": "06 12 34 56 78",
        "email": "",
        "accepte": "on",
        "jeton": fabriquer_jeton(),
    }
    data.update(extra)
    return data
