"""The association's weekly permanences that a place's home page lists come from the cache
at the data's version: a calendar validated shows on every process at the next request."""

import pytest
from django.utils import timezone

from permanences.models import Calendrier
from ruche.horaires import permanences_du_semestre
from ruche.models import Lieu
from ruche.models.lieu import lieu_par_defaut
from tests.permanences.factories import CalendrierFactory, PermanenceFactory

pytestmark = pytest.mark.django_db


def test_a_permanence_of_a_calendar_validated_shows_at_once():
    lieu = Lieu.objects.get(pk=lieu_par_defaut())
    assert permanences_du_semestre(lieu) == []  # counted and kept
    aujourdhui = timezone.localdate()
    calendrier = CalendrierFactory(
        annee=aujourdhui.year,
        semestre=1 if aujourdhui.month <= 6 else 2,
        statut=Calendrier.Statut.VALIDE,
    )
    permanence = PermanenceFactory(calendrier=calendrier, jour_semaine=1)
    assert permanences_du_semestre(lieu) == [(1, permanence.heure_debut, permanence.heure_fin)]
