"""A weekly permanence skips a date: one clashing date no longer blocks the whole line."""

import datetime as dt
from datetime import time as T

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from permanences.models import Calendrier, DateSautee, Occurrence
from permanences.occurrences import PermanenceHebdomadaire, occurrences_prevues
from permanences.services.semestre import (
    conflits_du_calendrier,
    enregistrer_permanence,
    remettre_date,
    sauter_dates,
    soumettre_calendrier,
    valider_calendrier,
)
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import (
    CalendrierFactory,
    FermetureFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

# Tuesday 5 March 2030: another organisation's workshop takes the room 10:00–11:00.
PRISE = dt.date(2030, 3, 5)


def test_a_slot_skips_its_own_dates_and_keeps_the_others():
    mardis = occurrences_prevues(
        debut=dt.date(2030, 3, 1),
        fin=dt.date(2030, 3, 31),
        permanences=[PermanenceHebdomadaire(1, T(9), T(12), cle="a", sautees=frozenset({PRISE}))],
    )
    assert [prevue.date.day for prevue in mardis] == [12, 19, 26]


@pytest.fixture
def brouillon():
    benevole = BenevoleFactory(email="presidente@avaq.fr")
    calendrier = CalendrierFactory(organisation=benevole.organisation, annee=2030, semestre=1)
    calendrier.benevole = benevole
    return calendrier


@pytest.fixture
def mardi(brouillon):
    salle = SalleFactory(nom="Salle Cèze")
    ReservationSalleFactory(salle=salle, debut=paris(2030, 3, 5, 10), fin=paris(2030, 3, 5, 11))
    return enregistrer_permanence(
        calendrier=brouillon,
        par=brouillon.benevole,
        jour_semaine=1,
        heure_debut=T(9),
        heure_fin=T(12),
        salle=salle,
    )


def conflits_de(calendrier):
    permanences, trouves = conflits_du_calendrier(calendrier)
    return [conflit for liste in trouves.values() for conflit in liste]


def test_skipping_the_clashing_date_lets_the_rest_of_the_line_be_sent_and_validated(
    brouillon, mardi
):
    (salle,) = [c for c in conflits_de(brouillon) if c.genre == "salle"]
    assert salle.bloquant and salle.dates == (PRISE,)
    with pytest.raises(ValidationError, match="mardi 5 mars"):
        soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)

    sauter_dates(permanence=mardi, dates=[PRISE], par=brouillon.benevole)

    assert not any(c.bloquant for c in conflits_de(brouillon))
    soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)
    valider_calendrier(calendrier=brouillon, par=PersonnelFactory())
    occurrences = set(Occurrence.objects.filter(permanence=mardi).values_list("date", flat=True))
    assert PRISE not in occurrences
    assert {dt.date(2030, 2, 26), dt.date(2030, 3, 12)} <= occurrences
    assert len(occurrences) > 20


def test_a_skipped_date_is_not_listed_again_as_a_holiday_or_a_closure(brouillon):
    FermetureFactory(debut=dt.date(2030, 2, 11), fin=dt.date(2030, 2, 15), motif="Travaux")
    lundi = enregistrer_permanence(
        calendrier=brouillon,
        par=brouillon.benevole,
        jour_semaine=0,
        heure_debut=T(9),
        heure_fin=T(12),
        salle=SalleFactory(nom="Bureau 1"),
    )
    sauter_dates(permanence=lundi, dates=[dt.date(2030, 2, 11)], par=brouillon.benevole)
    assert not [c for c in conflits_de(brouillon) if c.genre == "fermeture"]


def test_a_date_given_back_brings_the_conflict_back(brouillon, mardi):
    sauter_dates(permanence=mardi, dates=[PRISE], par=brouillon.benevole)
    sauter_dates(permanence=mardi, dates=[PRISE], par=brouillon.benevole)  # kept once
    assert DateSautee.objects.filter(permanence=mardi).count() == 1
    remettre_date(permanence=mardi, jour=PRISE, par=brouillon.benevole)
    assert any(c.bloquant for c in conflits_de(brouillon))
    assert mardi.dates_sautees.count() == 0


@pytest.mark.parametrize(
    ("jour", "message"),
    [
        (dt.date(2030, 3, 6), "a lieu le mardi"),  # a Wednesday
        (dt.date(2030, 7, 2), "de ce semestre"),  # a Tuesday of the next semester
    ],
)
def test_a_date_off_the_line_is_refused_in_french(brouillon, mardi, jour, message):
    with pytest.raises(ValidationError, match=message):
        sauter_dates(permanence=mardi, dates=[jour], par=brouillon.benevole)
    assert not DateSautee.objects.exists()


def test_only_the_organisation_and_only_a_draft(brouillon, mardi):
    etranger = BenevoleFactory(organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        sauter_dates(permanence=mardi, dates=[PRISE], par=etranger)
    brouillon.statut = Calendrier.Statut.SOUMIS
    brouillon.save()
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        sauter_dates(permanence=mardi, dates=[PRISE], par=brouillon.benevole)
    assert not DateSautee.objects.exists()


def test_moving_the_line_to_another_day_drops_its_skipped_dates(brouillon, mardi):
    sauter_dates(permanence=mardi, dates=[PRISE], par=brouillon.benevole)
    enregistrer_permanence(
        calendrier=brouillon,
        par=brouillon.benevole,
        permanence=mardi,
        jour_semaine=3,
        heure_debut=T(9),
        heure_fin=T(12),
        salle=mardi.salle,
    )
    assert not mardi.dates_sautees.exists()


# The page: no JavaScript, back to the line's card.


def test_the_page_offers_to_skip_the_clashing_date_and_comes_back_to_the_line(
    client_de, brouillon, mardi
):
    client = client_de(brouillon.benevole)
    url = f"/espace/calendriers/{brouillon.pk}/"
    page = client.get(url).content.decode()
    assert f'action="{url}permanences/{mardi.pk}/sauter/"' in page
    assert 'name="dates" value="2030-03-05"' in page

    reponse = client.post(f"{url}permanences/{mardi.pk}/sauter/", {"dates": ["2030-03-05"]})
    assert reponse.status_code == 302
    assert reponse.url == f"{url}#permanence-{mardi.pk}"
    page = client.get(url).content.decode()
    assert "Pas de permanence ces jours-là" in page and "mardi 5 mars 2030" in page
    assert "Réglez d'abord les conflits" not in page
    assert f'id="permanence-{mardi.pk}"' in page

    reponse = client.post(f"{url}permanences/{mardi.pk}/remettre/", {"dates": ["2030-03-05"]})
    assert reponse.url == f"{url}#permanence-{mardi.pk}"
    assert not mardi.dates_sautees.exists()


def test_a_typed_date_is_skipped_too(client_de, brouillon, mardi):
    client = client_de(brouillon.benevole)
    url = f"/espace/calendriers/{brouillon.pk}/permanences/{mardi.pk}/sauter/"
    client.post(url, {"autre": "2030-04-02"})
    assert list(mardi.dates_sautees.values_list("date", flat=True)) == [dt.date(2030, 4, 2)]


@pytest.mark.parametrize(
    "donnees",
    [{}, {"dates": ["demain"]}, {"autre": "32/13/2030"}, {"dates": ["2030-03-06"]}],
)
def test_bad_input_is_a_message_never_an_error(client_de, brouillon, mardi, donnees):
    client = client_de(brouillon.benevole)
    url = f"/espace/calendriers/{brouillon.pk}/permanences/{mardi.pk}/sauter/"
    reponse = client.post(url, donnees, follow=True)
    assert reponse.status_code == 200
    assert [m.level_tag for m in reponse.context["messages"]] == ["error"]
    assert not DateSautee.objects.exists()


@pytest.mark.parametrize(("role", "attendu"), [(None, 302), ("comite", 403), ("autre", 404)])
def test_who_may_skip(request, client_de, brouillon, mardi, role, attendu):
    if role == "autre":
        user = BenevoleFactory(organisation=OrganisationFactory())
    else:
        user = request.getfixturevalue(role) if role else None
    url = f"/espace/calendriers/{brouillon.pk}/permanences/{mardi.pk}/sauter/"
    assert client_de(user).post(url, {"dates": ["2030-03-05"]}).status_code == attendu
    assert not DateSautee.objects.exists()
