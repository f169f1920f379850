"""A resident booked in Arabic asks for an earlier time on a phone, then takes the one an
alert offers in one tap; each page is right to left and axe finds nothing."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from permanences.models import DemandePlusTot, RendezVous
from permanences.services.plus_tot import proposition
from tests.e2e.conftest import assert_accessible
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_earlier_time_asked_then_taken_in_one_tap(phone_page, settings):
    settings.FORMULAIRE_DUREE_MIN_SECONDES = 0
    page = phone_page
    demarche = DemarcheFactory(slug="titre-de-sejour", nom_ar="تجديد بطاقة الإقامة")
    loin = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=21))
    rdv = RendezVousFactory(occurrence=loin, demarche=demarche, langue="ar")
    page.goto(page.base_url + "/langue/ar/?suivant=/")

    page.goto(page.base_url + f"/rendez-vous/{rdv.secret}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("button", name="أعلمني إذا أصبح موعد أبكر متاحًا").click()
    page.get_by_role("button", name="لا تُعلمني بعد الآن").wait_for()
    assert_accessible(page)
    assert DemandePlusTot.objects.get().en_cours

    # A time frees up in four days; the alert offered it (the periodic task's part).
    plus_tot = occurrence_pour(
        demarche, jour=timezone.localdate() + timedelta(days=4), debut=time(9), fin=time(10)
    )
    DemandePlusTot.objects.update(occurrence_proposee=plus_tot, debut_propose=plus_tot.debut)
    assert proposition(RendezVous.objects.get()) is not None
    page.goto(page.base_url + f"/rendez-vous/{rdv.secret}/plus-tot/")
    assert_accessible(page)
    page.get_by_role("button", name="أخذ هذا الموعد").click()
    page.get_by_text("تم التغيير").wait_for()
    rdv.refresh_from_db()
    assert rdv.occurrence == plus_tot and rdv.debut == plus_tot.debut
