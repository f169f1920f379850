"""The benchmarks' data sets work beside a network of places (bench/lieux.py makes rooms and
calendars of the same names at every place): each set goes to one place, its rooms, its
calendars and its démarches."""

from datetime import date

import pytest
import time_machine

from bench.donnees import generer_ateliers, generer_occurrences, organisation_du_banc
from permanences.models import Atelier, Calendrier, Occurrence, Salle
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.permanences.factories import DemarcheFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2027, 3, 1), tick=False)
def test_the_bench_data_goes_to_one_place_beside_another_s_same_names():
    premier = lieu_principal()
    autre = Lieu.objects.create(nom="France Services Pont", slug="pont")
    organisation = organisation_du_banc()
    # What bench/lieux.py leaves at the other place: a room and calendars of the same names.
    Salle.objects.create(lieu=autre, nom="Bureau du banc 0", capacite=4)
    Salle.objects.create(lieu=autre, nom="Salle d'atelier du banc", capacite=10)
    for annee in (2026, 2027):
        for semestre in (1, 2):
            Calendrier.objects.create(
                lieu=autre, organisation=organisation, annee=annee, semestre=semestre
            )
    ici = DemarcheFactory(lieu=premier, slug="retraite")
    DemarcheFactory(lieu=autre, slug="retraite")

    occurrences = generer_occurrences(annees=1, salles=1)
    assert occurrences
    assert set(Occurrence.objects.values_list("reservation__salle__lieu", flat=True)) == {
        premier.pk
    }
    assert set(Occurrence.objects.values_list("permanence__calendrier__lieu", flat=True)) == {
        premier.pk
    }
    assert {d.pk for o in occurrences[:1] for d in o.permanence.demarches.all()} == {ici.pk}
    assert generer_ateliers(annees=1, inscrits=1)
    assert set(Atelier.objects.values_list("salle__lieu", flat=True)) == {premier.pk}
