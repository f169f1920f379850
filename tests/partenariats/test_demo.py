from io import StringIO

import pytest
from django.core.management import call_command

from partenariats.models import (
    Article,
    ComiteSuivi,
    Considerant,
    Convention,
    Engagement,
    Objectif,
    Signature,
    Visa,
)

pytestmark = pytest.mark.django_db

MODELES = [Convention, Article, Considerant, Objectif, Engagement, Signature, ComiteSuivi, Visa]


def test_the_demo_is_the_real_convention_and_runs_twice(demo):
    avant = {m: m.objects.count() for m in MODELES}
    call_command("demo", force=True, stdout=StringIO())
    assert {m: m.objects.count() for m in MODELES} == avant
    assert avant[Convention] == 1 and avant[Article] == 6 and avant[Considerant] == 10
    assert avant[Objectif] == 3 and avant[Engagement] == 8
    assert [c.date.year for c in demo.comites.all()] == [2024, 2025]
    assert {s.signataire for s in Signature.objects.all()} == {
        "Madame Maryse NORDEZ-RYEZ",
        "Jean-Yves CHAPELET",
    }
