"""Démarches typed by the staff in each language; French where a translation is missing."""

import pytest
from django.utils.translation import override

from permanences.models import Demarche
from permanences.services.disponibilites import demarches_publiques
from tests.demo import charger_demo
from tests.permanences.factories import occurrence_pour

pytestmark = pytest.mark.django_db


@pytest.fixture
def traduite(demarche):
    demarche.nom_en = "Residence permit renewal"
    demarche.nom_ar = "تجديد بطاقة الإقامة"
    demarche.pieces_a_apporter_ar = "جواز السفر\nإثبات السكن"
    demarche.save()
    occurrence_pour(demarche)
    return demarche


def test_each_language_reads_its_own_text_and_french_fills_the_gaps(traduite):
    demarche = Demarche.objects.get(pk=traduite.pk)
    assert demarche.nom_fr == "Renouvellement de titre de séjour"
    with override("ar"):
        assert demarche.nom == "تجديد بطاقة الإقامة"
        assert demarche.pieces() == ["جواز السفر", "إثبات السكن"]
    with override("en"):
        assert demarche.nom == "Residence permit renewal"
        assert "Passeport" in demarche.pieces()  # no English list typed: the French one
    with override("fr"):
        assert demarche.nom == "Renouvellement de titre de séjour"


def test_cached_demarches_follow_the_language(traduite):
    with override("fr"):
        assert demarches_publiques()[traduite.slug].nom.startswith("Renouvellement")
    with override("ar"):
        assert demarches_publiques()[traduite.slug].nom == "تجديد بطاقة الإقامة"


def test_public_pages_in_arabic_staff_pages_in_french(client, traduite, personnel):
    client.get("/langue/ar/")
    page = client.get("/rendez-vous/").content.decode()
    assert "تجديد بطاقة الإقامة" in page and "Renouvellement de titre" not in page
    page = client.get(f"/rendez-vous/{traduite.slug}/").content.decode()
    assert "جواز السفر" in page
    client.force_login(personnel)
    page = client.get(f"/admin/permanences/demarche/{traduite.pk}/change/").content.decode()
    assert 'name="nom_fr"' in page and 'name="nom_en"' in page and 'name="nom_ar"' in page
    assert 'lang="fr"' in page


def test_demo_demarches_in_three_languages_and_no_contact_among_the_papers(aujourdhui):
    charger_demo()
    for demarche in Demarche.objects.all():
        assert demarche.nom_en and demarche.nom_ar and demarche.pieces_a_apporter_ar
        for langue in ["fr", "en", "ar"]:
            with override(langue):
                assert not any("mail" in piece.lower() for piece in demarche.pieces())
