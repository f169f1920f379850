import io
from datetime import timedelta

import pytest
from django.utils import timezone

from partenariats.demo import charger_organisations
from permanences.demo import rendezvous as demo_rendezvous
from permanences.models import Atelier, Inscription, RendezVous
from tests.partenariats.factories import ConventionFactory, PartieFactory
from tests.permanences.factories import DemarcheFactory, SalleFactory, occurrence_pour

pytestmark = pytest.mark.django_db


class Command:
    stdout = io.StringIO()


def test_demo_appointments_and_workshops_are_idempotent():
    _ville, association = charger_organisations()
    # The association holds activity only under a convention in force (Article 1).
    PartieFactory(convention=ConventionFactory(), organisation=association)
    SalleFactory(nom="Salle des ateliers", capacite=12)
    for slug in ("retraite", "titre-de-sejour"):
        demarche = DemarcheFactory(slug=slug)
        for day in (3, 10):
            occurrence_pour(
                demarche,
                jour=timezone.localdate() + timedelta(days=day + len(slug)),
                organisation=association,
            )
    demo_rendezvous.charger(Command())
    demo_rendezvous.charger(Command())
    assert RendezVous.objects.count() == 4
    assert Atelier.objects.count() == 2
    full = Atelier.objects.avec_places().get(titre="Chercher un emploi en ligne")
    assert full.nb_inscrits == full.capacite == 3 and full.nb_en_attente == 2
    assert Inscription.objects.count() == 7
