"""Breach notifications: the two regimes, the receipt, the remedy, the letter."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from partenariats.models import Avenant, Convention, Manquement
from tests.partenariats.factories import (
    AvenantFactory,
    ConventionFactory,
    ManquementFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _novembre():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def convention(db):
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(
        convention=convention, organisation=OrganisationFactory(en_convention=False), ordre=2
    )
    return convention


@pytest.fixture
def staff(client):
    client.force_login(PersonnelFactory())
    return client


def etat(convention, jour):
    return Convention.objects.avec_vie().get(pk=convention.pk).etat(jour)


def test_article_3_ends_at_receipt_and_article_6_a_month_later(convention):
    m = ManquementFactory(
        convention=convention, article=6, notifie_le=dt.date(2026, 11, 2), recue_le=None
    )
    assert etat(convention, dt.date(2027, 3, 1)).en_vigueur  # sent, not received: no effect
    m.recue_le = dt.date(2026, 11, 4)
    m.save()
    assert etat(convention, dt.date(2026, 12, 3)).en_vigueur
    assert not etat(convention, dt.date(2026, 12, 4)).en_vigueur
    ManquementFactory(
        convention=convention,
        article=3,
        notifie_le=dt.date(2026, 11, 20),
        recue_le=dt.date(2026, 11, 21),
    )
    assert not etat(convention, dt.date(2026, 11, 21)).en_vigueur
    assert etat(convention, dt.date(2026, 11, 20)).en_vigueur


def test_a_remedy_is_recorded_before_the_lapse_and_kept_in_the_history(staff, convention):
    m = ManquementFactory(
        convention=convention, notifie_le=dt.date(2026, 11, 2), recue_le=dt.date(2026, 11, 4)
    )
    url = reverse("partenariats:manquement_remede", args=[convention.pk, m.pk])
    response = staff.post(url, {"remediee_le": "2026-12-24", "remede": "x"})
    assert response.status_code == 200  # in the future, and after the lapse
    response = staff.post(url, {"remediee_le": "2026-11-25", "remede": "Permanences tenues."})
    assert response.status_code == 302
    assert etat(convention, dt.date(2027, 6, 1)).en_vigueur
    historique = list(m.history.order_by("history_date").values_list("remediee_le", flat=True))
    assert historique == [None, dt.date(2026, 11, 25)]


def test_article_3_cannot_be_remedied(convention):
    m = ManquementFactory.build(
        convention=convention,
        article=3,
        notifie_le=dt.date(2026, 11, 2),
        recue_le=dt.date(2026, 11, 3),
        remediee_le=dt.date(2026, 11, 4),
    )
    with pytest.raises(ValidationError) as erreur:
        m.full_clean()
    assert "remediee_le" in erreur.value.message_dict


def test_receipt_then_the_confirmed_ending(staff, convention):
    m = ManquementFactory(
        convention=convention, article=3, notifie_le=dt.date(2026, 11, 20), recue_le=None
    )
    url = reverse("partenariats:manquement_reception", args=[convention.pk, m.pk])
    assert staff.post(url, {"recue_le": "2026-11-19"}).status_code == 200  # before sending
    response = staff.post(url, {"recue_le": "2026-11-23"})
    assert response.url == reverse("partenariats:fin", args=[convention.pk])


def test_the_letter_is_a_pdf_with_the_article_and_its_consequence(staff, convention):
    from tests.pdf import pdf_text

    m = ManquementFactory(
        convention=convention,
        article=6,
        notifie_le=dt.date(2026, 11, 2),
        recue_le=dt.date(2026, 11, 4),
        description="Trois permanences non tenues sans prévenir.",
    )
    response = staff.get(reverse("partenariats:manquement_lettre", args=[convention.pk, m.pk]))
    assert response["Content-Type"] == "application/pdf"
    texte = " ".join(pdf_text(response.content)).replace("\n", " ")
    assert "article 6" in texte and "4 décembre 2026" in texte
    assert "Trois permanences non tenues" in texte
    autre = ConventionFactory()
    url = reverse("partenariats:manquement_lettre", args=[autre.pk, m.pk])
    assert staff.get(url).status_code == 404


def test_an_amendment_changes_the_term_from_its_date(convention):
    AvenantFactory(
        convention=convention,
        date=dt.date(2026, 6, 1),
        prend_effet_le=dt.date(2026, 7, 1),
        nouvelle_fin=dt.date(2026, 8, 31),
        sans_reconduction=True,
    )
    assert etat(convention, dt.date(2026, 8, 31)).en_vigueur
    assert not etat(convention, dt.date(2026, 9, 1)).en_vigueur
    mauvais = Avenant(
        convention=convention,
        date=dt.date(2026, 6, 1),
        prend_effet_le=dt.date(2026, 7, 1),
        nouvelle_fin=dt.date(2026, 6, 1),
        motif="x",
    )
    with pytest.raises(ValidationError) as erreur:
        mauvais.full_clean()
    assert "nouvelle_fin" in erreur.value.message_dict


def test_old_notifications_keep_running_from_their_date(convention):
    m = Manquement.objects.create(
        convention=convention, notifie_le=dt.date(2026, 11, 2), recue_le=dt.date(2026, 11, 2)
    )
    assert m.caduque_le == dt.date(2026, 12, 2)
