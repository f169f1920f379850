"""Each booking's secret link has a version of its own (`public:rendez-vous:<pk>`, a row of
VersionDonnees): the rows of bookings deleted or anonymised go, so the table does not keep
one per booking ever made."""

import pytest
from django.utils import timezone

from permanences.models import RendezVous
from permanences.receivers import nom_du_rendez_vous
from permanences.services.anonymisation import anonymiser_donnees, mois_avant
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.models import VersionDonnees
from ruche.portees import nom_du_lieu
from ruche.versions import version
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


def a_sa_version(rdv, pk=None):
    return VersionDonnees.objects.filter(pk=nom_du_rendez_vous(pk or rdv.pk)).exists()


@pytest.fixture
def demarche():
    return DemarcheFactory(slug="retraite")


def test_a_booking_deleted_takes_its_version_with_it(demarche):
    occurrence = occurrence_pour(demarche)
    rdv = reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut,
        nom="Awa Diallo",
        telephone="0612345678",
    )
    autre = RendezVousFactory(occurrence=occurrence, demarche=demarche, debut=rdv.fin)
    assert a_sa_version(rdv) and a_sa_version(autre)
    lieu = nom_du_lieu(demarche.lieu.slug)
    avant = version(lieu)
    pk = rdv.pk
    rdv.delete()
    assert not a_sa_version(rdv, pk)
    assert a_sa_version(autre)
    # Its place's pages still follow the deletion (its free slots are back).
    assert version(lieu) != avant


def test_the_anonymisation_deletes_the_versions_of_the_bookings_it_empties(settings, demarche):
    settings.RETENTION_MONTHS = 24
    today = timezone.localdate()
    ancien = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=mois_avant(today, 25)),
        demarche=demarche,
        statut=RendezVous.Statut.VENU,
    )
    recent = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=mois_avant(today, 23)), demarche=demarche
    )
    # Rows left before the anonymisation deleted them: a booking anonymised earlier (its
    # row made when it was written), one deleted without its signal (in SQL).
    deja = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=mois_avant(today, 30)),
        demarche=demarche,
        statut=RendezVous.Statut.VENU,
        anonymise_le=timezone.now(),
        nom="",
        telephone="",
        email="",
    )
    VersionDonnees.objects.create(nom=nom_du_rendez_vous(999999), valeur=1)
    assert a_sa_version(ancien) and a_sa_version(recent) and a_sa_version(deja)

    anonymiser_donnees()

    assert not a_sa_version(ancien)
    assert not a_sa_version(deja)
    assert not VersionDonnees.objects.filter(pk=nom_du_rendez_vous(999999)).exists()
    assert a_sa_version(recent)
    # The other versions stay.
    assert VersionDonnees.objects.filter(pk=nom_du_lieu(demarche.lieu.slug)).exists()
