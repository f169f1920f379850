"""One rule says whether a room can be taken (`Salle.indisponibilite`), in one wording: a
booking moved or added, a calendar's sessions generated and a semester's draft checked all
answer a taken or withdrawn room with the same sentence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from permanences.models import Calendrier
from permanences.models.salle import INACTIVE, PRISE, message_salle
from permanences.services.calendrier import generer_occurrences, reserver_permanence_ponctuelle
from permanences.services.salles import deplacer_reservation, reserver_salle
from permanences.services.semestre import conflits_du_calendrier
from tests.permanences.factories import (
    CalendrierFactory,
    PermanenceFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _aujourdhui(aujourdhui):
    return aujourdhui


@pytest.fixture
def salle():
    return SalleFactory(nom="Salle Cèze")


def prise_le_5_mars(salle):
    """Another organisation's workshop in the room on Tuesday 5 March 2030, 10:00–11:00."""
    return ReservationSalleFactory(
        salle=salle, debut=paris(2030, 3, 5, 10), fin=paris(2030, 3, 5, 11)
    )


def generation(salle):
    calendrier = CalendrierFactory(annee=2030, semestre=1, statut=Calendrier.Statut.VALIDE)
    PermanenceFactory(calendrier=calendrier, salle=salle)
    with pytest.raises(ValidationError) as erreur:
        generer_occurrences(calendrier=calendrier)
    return erreur.value.messages


def brouillon(salle):
    calendrier = CalendrierFactory(annee=2030, semestre=1)
    PermanenceFactory(calendrier=calendrier, salle=salle)
    _permanences, trouves = conflits_du_calendrier(calendrier)
    return [conflit.message for conflit in trouves[0] if conflit.bloquant]


def test_a_taken_room_reads_the_same_from_each_path(salle):
    prise_le_5_mars(salle)
    deplacee = ReservationSalleFactory(
        salle=SalleFactory(nom="Bureau 2"), debut=paris(2030, 3, 5, 14), fin=paris(2030, 3, 5, 15)
    )
    with pytest.raises(ValidationError) as erreur:
        deplacer_reservation(
            reservation=deplacee, salle=salle, debut=paris(2030, 3, 5, 9), fin=paris(2030, 3, 5, 12)
        )
    phrase = "est déjà réservée sur ce créneau"
    assert erreur.value.message_dict == {"salle": [message_salle(PRISE)]}
    assert phrase in message_salle(PRISE)
    assert generation(salle) == [
        "La salle « Salle Cèze » est déjà réservée sur ce créneau : mardi 5 mars 2030, 09:00."
    ]
    assert brouillon(salle) == [
        "La salle « Salle Cèze » est déjà réservée sur ce créneau : mardi 5 mars."
    ]


def test_a_withdrawn_room_reads_the_same_from_each_path(salle, benevole):
    salle.active = False
    salle.save()
    with pytest.raises(ValidationError) as erreur:
        reserver_permanence_ponctuelle(
            organisation=benevole.organisation,
            salle=salle,
            date=dt.date(2030, 3, 5),
            heure_debut=dt.time(9),
            heure_fin=dt.time(12),
            demarches=[],
            intervenants=[],
            par=benevole,
        )
    assert erreur.value.message_dict["salle"] == [message_salle(INACTIVE)]
    assert message_salle(INACTIVE) == "Cette salle n'est plus proposée."
    nommee = message_salle(INACTIVE, salle)
    assert nommee == "La salle « Salle Cèze » n'est plus proposée."
    # Said once for the room, not for each of the semester's Tuesdays.
    assert generation(salle) == [nommee]
    assert brouillon(salle) == [nommee]


def test_a_room_withdrawn_after_the_form_offered_it_is_not_booked(salle, benevole):
    """The form offered the room; staff withdrew it before the booking was sent."""
    ouverte = type(salle).objects.get(pk=salle.pk)
    salle.active = False
    salle.save()
    with pytest.raises(ValidationError) as erreur:
        reserver_salle(
            salle=ouverte,
            organisation=benevole.organisation,
            debut=paris(2030, 3, 5, 9),
            fin=paris(2030, 3, 5, 12),
            objet="Atelier",
        )
    assert erreur.value.messages == [message_salle(INACTIVE)]
    assert not salle.reservations.exists()
