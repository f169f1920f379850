"""The workshops of a period are found by their start across every room (the network's
statistics, the open data, the partners' exports), through an index rather than a scan."""

import pytest
from django.db import connection

from permanences.models import Atelier
from tests.permanences.factories import paris

pytestmark = pytest.mark.django_db


def test_the_workshops_of_a_period_are_read_through_the_start_s_index():
    periode = Atelier.objects.filter(debut__gte=paris(2027, 1, 1), debut__lt=paris(2028, 1, 1))
    with connection.cursor() as curseur:
        # A test table is too small for the planner to prefer an index of its own accord:
        # forbid the scan, and the plan shows whether there is an index to use instead.
        curseur.execute("SET LOCAL enable_seqscan = off")
        plan = periode.only("pk").explain()
    assert "atelier_debut" in plan, plan
