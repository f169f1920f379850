"""A room is never booked twice for overlapping times: checked in Python, enforced by PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from permanences.models import ReservationSalle
from tests.permanences.factories import ReservationSalleFactory, SalleFactory, paris

pytestmark = pytest.mark.django_db


def booking(salle, start_hour, end_hour, **kwargs):
    return ReservationSalleFactory.build(
        salle=salle,
        organisation=kwargs.pop("organisation"),
        debut=paris(2027, 1, 5, start_hour),
        fin=paris(2027, 1, 5, end_hour),
        **kwargs,
    )


def test_overlap_is_refused_with_a_french_message():
    first = ReservationSalleFactory(debut=paris(2027, 1, 5, 9), fin=paris(2027, 1, 5, 12))
    clash = booking(first.salle, 11, 13, organisation=first.organisation)
    with pytest.raises(ValidationError, match="déjà réservée"):
        clash.full_clean()


def test_back_to_back_and_other_rooms_are_fine():
    first = ReservationSalleFactory(debut=paris(2027, 1, 5, 9), fin=paris(2027, 1, 5, 12))
    booking(first.salle, 12, 14, organisation=first.organisation).full_clean()
    other = SalleFactory(nom="Bureau du fond")
    booking(other, 9, 12, organisation=first.organisation).full_clean()


def test_cancelled_booking_frees_the_room():
    first = ReservationSalleFactory(annulee=True)
    booking(first.salle, 9, 12, organisation=first.organisation).full_clean()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint")
def test_database_refuses_overlap_even_without_validation():
    first = ReservationSalleFactory(debut=paris(2027, 1, 5, 9), fin=paris(2027, 1, 5, 12))
    clash = booking(first.salle, 10, 11, organisation=first.organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    assert ReservationSalle.objects.count() == 1
