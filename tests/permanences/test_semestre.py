"""The semester drafted by the association: conflicts, the workflow to validation, the pages."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanences.models import Calendrier, Occurrence, Permanence
from permanences.services.semestre import (
    conflits_du_calendrier,
    enregistrer_permanence,
    renvoyer_calendrier,
    retirer_permanence,
    semestre_suivant,
    soumettre_calendrier,
    valider_calendrier,
)
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    FermetureFactory,
    PermanenceFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_next_semester_starts_after_today_and_within_six_months(today):
    annee, semestre = semestre_suivant(today)
    start = dt.date(annee, 1 if semestre == 1 else 7, 1)
    assert today < start <= today + dt.timedelta(days=184)


@pytest.fixture
def brouillon():
    """A draft of the A.V.A.Q.B-C for the first semester of 2030, with one volunteer."""
    benevole = BenevoleFactory(email="presidente@avaq.fr")
    calendrier = CalendrierFactory(organisation=benevole.organisation, annee=2030, semestre=1)
    calendrier.benevole = benevole
    return calendrier


def ajouter(calendrier, **values):
    data = {
        "jour_semaine": 1,
        "heure_debut": dt.time(9),
        "heure_fin": dt.time(12),
        "salle": SalleFactory(nom="Bureau d'accueil 1"),
    }
    data.update(values)
    return enregistrer_permanence(calendrier=calendrier, par=calendrier.benevole, **data)


def messages_de(calendrier):
    permanences, found = conflits_du_calendrier(calendrier)
    return {
        p.pk: [(c.genre, c.message, c.bloquant) for c in found[i]]
        for i, p in enumerate(permanences)
    }


def test_conflicts_name_rooms_taken_holidays_closures_and_own_overlaps(brouillon):
    salle = SalleFactory(nom="Salle Cèze")
    lundi = ajouter(brouillon, jour_semaine=0, salle=salle)
    mardi = ajouter(brouillon, jour_semaine=1, salle=salle)
    chevauche = ajouter(
        brouillon, jour_semaine=1, salle=salle, heure_debut=dt.time(11), heure_fin=dt.time(13)
    )
    # Another organisation's workshop in that room on Tuesday 5 March 2030, 10:00–11:00.
    ReservationSalleFactory(salle=salle, debut=paris(2030, 3, 5, 10), fin=paris(2030, 3, 5, 11))
    FermetureFactory(debut=dt.date(2030, 2, 11), fin=dt.date(2030, 2, 15), motif="Travaux")
    found = messages_de(brouillon)
    genres_lundi = {genre for genre, _m, _b in found[lundi.pk]}
    assert genres_lundi == {"ferie", "fermeture"}  # Easter Monday 22 April, 11 February
    assert any("22 avril" in m for _g, m, _b in found[lundi.pk])
    assert any("Travaux" in m and "11 février" in m for _g, m, _b in found[lundi.pk])
    salle_mardi = [(m, b) for g, m, b in found[mardi.pk] if g == "salle"]
    assert salle_mardi == [
        ("La salle « Salle Cèze » est déjà réservée sur ce créneau : mardi 5 mars.", True)
    ]
    assert ("chevauchement", True) in {(g, b) for g, _m, b in found[chevauche.pk]}
    assert all(not b for _g, _m, b in found[lundi.pk])


def test_another_organisations_submitted_calendar_is_a_warning_not_a_block(brouillon):
    salle = SalleFactory(nom="Salle Cèze")
    other = CalendrierFactory(annee=2030, semestre=1, statut=Calendrier.Statut.SOUMIS)
    PermanenceFactory(calendrier=other, salle=salle, jour_semaine=1)
    mine = ajouter(brouillon, salle=salle)
    assert [c for c in messages_de(brouillon)[mine.pk] if c[0] != "ferie"] == [
        (
            "demande",
            "Une autre organisation demande aussi cette salle à ce moment. "
            "La Ruche choisira. Vous pouvez prendre une autre salle ou heure.",
            False,
        )
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    slots=st.lists(
        st.tuples(
            st.integers(0, 4),
            st.integers(8, 17),
            st.integers(1, 3),
            st.integers(0, 1),
        ),
        min_size=1,
        max_size=4,
    ),
    busy=st.lists(
        st.tuples(st.integers(0, 180), st.integers(8, 18), st.integers(0, 1)),
        max_size=3,
        unique_by=lambda busy: (busy[0], busy[2]),
    ),
)
def test_no_blocking_conflict_means_the_validation_succeeds(db, slots, busy):
    """What the draft shows is what validation will find: blocking conflicts ⇔ refused."""
    with transaction.atomic():
        salles = [SalleFactory(nom="Salle Cèze"), SalleFactory(nom="Bureau 1")]
        calendrier = CalendrierFactory(annee=2030, semestre=1)
        for day, hour, length, room in slots:
            PermanenceFactory(
                calendrier=calendrier,
                jour_semaine=day,
                heure_debut=dt.time(hour),
                heure_fin=dt.time(hour + length),
                salle=salles[room],
            )
        for offset, hour, room in busy:
            day = dt.date(2030, 1, 1) + dt.timedelta(days=offset)
            ReservationSalleFactory(
                salle=salles[room],
                debut=paris(day.year, day.month, day.day, hour),
                fin=paris(day.year, day.month, day.day, hour + 1),
            )
        _permanences, found = conflits_du_calendrier(calendrier)
        blocking = any(c.bloquant for items in found.values() for c in items)
        try:
            valider_calendrier(calendrier=calendrier, par=PersonnelFactory())
        except ValidationError:
            refused = True
        else:
            refused = False
        assert refused == blocking
        transaction.set_rollback(True)


def test_the_way_from_draft_to_validation_with_mail_on_both_sides(
    brouillon, django_capture_on_commit_callbacks, settings
):
    settings.RUCHE_STAFF_EMAIL = "ruche@bagnols.fr"
    agent = PersonnelFactory()
    with pytest.raises(ValidationError, match="au moins une permanence"):
        soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)
    permanence = ajouter(brouillon, demarches=[DemarcheFactory()])
    with django_capture_on_commit_callbacks(execute=True):
        soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)
    brouillon.refresh_from_db()
    assert brouillon.statut == Calendrier.Statut.SOUMIS
    assert [m.to for m in mail.outbox] == [["ruche@bagnols.fr"]]
    assert "Calendrier à valider" in mail.outbox[0].subject
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        ajouter(brouillon, jour_semaine=3)
    with pytest.raises(PermissionDenied):
        renvoyer_calendrier(calendrier=brouillon, par=brouillon.benevole, commentaire="Non")
    with pytest.raises(ValidationError):
        renvoyer_calendrier(calendrier=brouillon, par=agent, commentaire="  ")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        renvoyer_calendrier(
            calendrier=brouillon, par=agent, commentaire="Le mardi, prenez plutôt le bureau 2."
        )
    brouillon.refresh_from_db()
    assert brouillon.statut == Calendrier.Statut.RENVOYE
    assert [m.to for m in mail.outbox] == [["presidente@avaq.fr"]]
    assert "bureau 2" in mail.outbox[0].body

    ajouter(brouillon, permanence=permanence, salle=SalleFactory(nom="Bureau 2"))
    soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bilan = valider_calendrier(calendrier=brouillon, par=agent)
    brouillon.refresh_from_db()
    assert brouillon.statut == Calendrier.Statut.VALIDE and bilan.creees > 20
    assert Occurrence.objects.filter(permanence__calendrier=brouillon).count() == bilan.creees
    assert [m.to for m in mail.outbox] == [["presidente@avaq.fr"]]
    assert "validé" in mail.outbox[0].subject
    statuts = [h.statut for h in brouillon.history.order_by("history_date")]
    assert statuts[-4:] == ["soumis", "renvoye", "soumis", "valide"]


def test_a_volunteer_acts_only_on_their_organisation(brouillon):
    permanence = ajouter(brouillon)
    stranger = BenevoleFactory(organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        enregistrer_permanence(
            calendrier=brouillon,
            par=stranger,
            jour_semaine=2,
            heure_debut=dt.time(9),
            heure_fin=dt.time(10),
            salle=SalleFactory(),
        )
    with pytest.raises(PermissionDenied):
        retirer_permanence(permanence=permanence, par=stranger)
    with pytest.raises(PermissionDenied):
        soumettre_calendrier(calendrier=brouillon, par=stranger)
    assert Permanence.objects.filter(pk=permanence.pk).exists()


def test_submitting_with_a_taken_room_is_refused_with_the_reason(brouillon):
    salle = SalleFactory(nom="Salle Cèze")
    ajouter(brouillon, salle=salle)
    ReservationSalleFactory(salle=salle, debut=paris(2030, 3, 5, 10), fin=paris(2030, 3, 5, 11))
    with pytest.raises(ValidationError) as exc:
        soumettre_calendrier(calendrier=brouillon, par=brouillon.benevole)
    assert any("mardi 5 mars" in m for m in exc.value.messages)
    brouillon.refresh_from_db()
    assert brouillon.statut == Calendrier.Statut.BROUILLON


def test_a_first_of_the_month_reads_1er(brouillon):
    mardi = ajouter(brouillon)
    assert any("mardi 1er janvier" in m for _g, m, _b in messages_de(brouillon)[mardi.pk])
