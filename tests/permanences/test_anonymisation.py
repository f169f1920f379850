"""Personal data is anonymised after the retention period; the counts survive."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from permanences.models import Inscription, RendezVous
from permanences.services.anonymisation import anonymiser_donnees, mois_avant
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
    paris,
)


def test_months_back():
    assert mois_avant(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert mois_avant(date(2028, 3, 31), 1) == date(2028, 2, 29)
    assert mois_avant(date(2026, 1, 15), 24) == date(2024, 1, 15)


@pytest.mark.django_db
def test_old_appointments_and_registrations_are_anonymised_with_their_history(settings):
    settings.RETENTION_MONTHS = 24
    demarche = DemarcheFactory(slug="retraite")
    today = timezone.localdate()
    old = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=mois_avant(today, 25)),
        demarche=demarche,
        nom="Awa Diallo",
        notes="Carrière en Espagne",
        statut=RendezVous.Statut.VENU,
    )
    old.nom = "Awa Diallo-Sow"
    old.save()
    recent = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=mois_avant(today, 23)), demarche=demarche
    )
    old_workshop = AtelierFactory(debut=paris(2020, 1, 7, 14), fin=paris(2020, 1, 7, 16))
    gone = InscriptionFactory(atelier=old_workshop, nom="Jean Martin")
    kept = InscriptionFactory(nom="Lucie Bernard")
    old_secret = old.secret

    call_command("anonymiser_donnees", verbosity=0)

    old.refresh_from_db()
    assert (old.nom, old.telephone, old.email, old.notes) == ("", "", "", "")
    assert old.anonymise_le is not None and old.secret != old_secret
    assert old.statut == RendezVous.Statut.VENU  # the statistics still count it
    assert all(h.nom == "" and h.notes == "" for h in old.history.all())
    assert RendezVous.objects.get(pk=recent.pk).nom != ""
    gone.refresh_from_db()
    assert (gone.nom, gone.email) == ("", "") and gone.history.filter(
        nom="Jean Martin"
    ).count() == 0
    assert Inscription.objects.get(pk=kept.pk).nom == "Lucie Bernard"
    assert RendezVous.objects.count() == 2
    # Running it again changes nothing.
    assert anonymiser_donnees() == {"rendez_vous": 0, "inscriptions": 0}
    assert anonymiser_donnees(maintenant=timezone.now() + timedelta(days=800))["rendez_vous"] == 1
