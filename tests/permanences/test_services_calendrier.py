"""Validating a calendar, generating and regenerating its sessions, extra and cancelled ones."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Value, When

from permanences.models import Calendrier, Occurrence, Permanence, RendezVous, ReservationSalle
from permanences.models.calendrier import OccurrenceQuerySet
from permanences.services import calendrier as service_calendrier
from permanences.services.calendrier import (
    annuler_occurrence,
    generer_occurrences,
    reserver_permanence_ponctuelle,
)
from permanences.services.salles import SallePrise
from permanences.services.semestre import valider_calendrier
from tests.permanences.conftest import AUJOURDHUI
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    FermetureFactory,
    OccurrenceFactory,
    PermanenceFactory,
    RendezVousFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db

T = dt.time


@pytest.fixture(autouse=True)
def _aujourdhui(aujourdhui):
    return aujourdhui


@pytest.fixture
def calendrier(personnel):
    calendrier = CalendrierFactory(annee=2027, semestre=1, statut=Calendrier.Statut.VALIDE)
    PermanenceFactory(calendrier=calendrier, salle=SalleFactory(nom="Bureau d'accueil 1"))
    return calendrier


def occurrences(calendrier):
    return Occurrence.objects.filter(permanence__calendrier=calendrier).order_by("debut")


def reserver_en_plus(benevole, salle, day, debut, fin, **kwargs):
    return reserver_permanence_ponctuelle(
        organisation=benevole.organisation,
        salle=salle,
        date=day,
        heure_debut=debut,
        heure_fin=fin,
        demarches=kwargs.pop("demarches", []),
        intervenants=[benevole],
        par=benevole,
        **kwargs,
    )


def fake_bookings(monkeypatch, booked_pks):
    """Pretends the appointments model exists and these occurrences have bookings."""

    def avec_rendez_vous(queryset):
        return queryset.annotate(
            a_des_rendez_vous=Case(When(pk__in=booked_pks, then=Value(True)), default=Value(False))
        )

    monkeypatch.setattr(OccurrenceQuerySet, "avec_rendez_vous", avec_rendez_vous)


def test_generation_creates_each_tuesday_with_its_room_booking(calendrier):
    bilan = generer_occurrences(calendrier=calendrier)
    sessions = list(occurrences(calendrier))
    # 26 Tuesdays from 5 January to 29 June 2027, none a public holiday.
    assert bilan.creees == len(sessions) == 26
    first = sessions[0]
    assert first.date == dt.date(2027, 1, 5) and first.debut == paris(2027, 1, 5, 9)
    assert first.reservation.salle.nom == "Bureau d'accueil 1"
    assert first.reservation.organisation == calendrier.organisation
    assert ReservationSalle.objects.actives().count() == 26
    assert first.history.count() == 1  # bulk creation still leaves a history


def test_generation_is_idempotent_and_cheap_the_second_time(
    calendrier, django_assert_max_num_queries
):
    generer_occurrences(calendrier=calendrier)
    # The partner's convention in force is read once (five queries), not per session; the
    # permanences' skipped dates in one.
    with django_assert_max_num_queries(12):
        bilan = generer_occurrences(calendrier=calendrier)
    assert (bilan.creees, bilan.deplacees, bilan.supprimees) == (0, 0, 0)
    assert occurrences(calendrier).count() == 26


def test_generation_skips_closures_and_holidays(calendrier):
    FermetureFactory(debut=dt.date(2027, 2, 15), fin=dt.date(2027, 2, 26), motif="Travaux")
    Permanence.objects.update(jour_semaine=Permanence.JourSemaine.LUNDI)
    generer_occurrences(calendrier=calendrier)
    days = set(occurrences(calendrier).values_list("date", flat=True))
    assert dt.date(2027, 2, 15) not in days and dt.date(2027, 2, 22) not in days
    assert dt.date(2027, 3, 29) not in days  # Easter Monday
    assert dt.date(2027, 5, 17) not in days  # Whit Monday
    assert dt.date(2027, 3, 1) in days


def test_a_draft_calendar_is_not_generated(calendrier):
    calendrier.statut = Calendrier.Statut.BROUILLON
    calendrier.save()
    with pytest.raises(ValidationError, match="validé"):
        generer_occurrences(calendrier=calendrier)


def test_regeneration_after_an_edit_keeps_booked_and_cancelled_sessions(
    calendrier, personnel, monkeypatch
):
    generer_occurrences(calendrier=calendrier)
    booked, cancelled, *_ = occurrences(calendrier)
    fake_bookings(monkeypatch, [booked.pk])
    annuler_occurrence(occurrence=cancelled, motif="Présidente malade", par=personnel)
    Permanence.objects.update(heure_debut=T(10), heure_fin=T(13))

    bilan = generer_occurrences(calendrier=calendrier)

    assert bilan.deplacees == 24 and bilan.creees == 0 and bilan.supprimees == 0
    assert {o.pk for o in bilan.gardees} == {booked.pk, cancelled.pk}
    booked.refresh_from_db()
    assert booked.debut == paris(2027, 1, 5, 9)  # the residents' time is kept
    cancelled.refresh_from_db()
    assert cancelled.est_annulee and cancelled.reservation.annulee
    moved = occurrences(calendrier).get(date=dt.date(2027, 1, 19))
    assert moved.debut == paris(2027, 1, 19, 10) and moved.reservation.debut == moved.debut


def test_regeneration_after_a_weekday_change_removes_only_free_future_sessions(
    calendrier, monkeypatch
):
    generer_occurrences(calendrier=calendrier)
    booked = occurrences(calendrier).first()
    fake_bookings(monkeypatch, [booked.pk])
    Permanence.objects.update(jour_semaine=Permanence.JourSemaine.MERCREDI)

    bilan = generer_occurrences(calendrier=calendrier)

    assert bilan.supprimees == 25 and bilan.creees == 26
    assert Occurrence.objects.filter(pk=booked.pk).exists()
    weekdays = sorted({o.date.weekday() for o in occurrences(calendrier)})
    assert weekdays == [1, 2]
    assert ReservationSalle.objects.count() == 27  # the removed ones' bookings went too


def test_regeneration_never_changes_past_sessions(personnel):
    calendrier = CalendrierFactory(annee=2026, semestre=2, statut=Calendrier.Statut.VALIDE)
    PermanenceFactory(calendrier=calendrier)
    generer_occurrences(calendrier=calendrier)
    Permanence.objects.update(heure_debut=T(8), heure_fin=T(11))
    generer_occurrences(calendrier=calendrier)
    past = occurrences(calendrier).filter(debut__lt=AUJOURDHUI)
    future = occurrences(calendrier).filter(debut__gte=AUJOURDHUI)
    assert {o.debut.astimezone(paris(2026, 1, 1).tzinfo).hour for o in past} == {9}
    assert {o.debut.astimezone(paris(2026, 1, 1).tzinfo).hour for o in future} == {8}


def test_a_taken_room_stops_the_generation_with_the_dates(calendrier):
    salle = calendrier.permanences.get().salle
    ReservationSalleFactory(salle=salle, debut=paris(2027, 3, 2, 11), fin=paris(2027, 3, 2, 14))
    with pytest.raises(ValidationError) as error:
        generer_occurrences(calendrier=calendrier)
    assert (
        "La salle « Bureau d'accueil 1 » est déjà réservée sur ce créneau : "
        "mardi 2 mars 2027, 09:00." in error.value.messages
    )
    assert not occurrences(calendrier).exists()


def test_two_permanences_in_one_room_at_once_are_refused(calendrier):
    PermanenceFactory(calendrier=calendrier, salle=calendrier.permanences.get().salle)
    with pytest.raises(ValidationError, match="déjà réservée"):
        generer_occurrences(calendrier=calendrier)


def test_only_staff_validate_and_validation_generates(calendrier, benevole, personnel):
    calendrier.statut = Calendrier.Statut.BROUILLON
    calendrier.save()
    with pytest.raises(PermissionDenied):
        valider_calendrier(calendrier=calendrier, par=benevole)
    bilan = valider_calendrier(calendrier=calendrier, par=personnel)
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.VALIDE and calendrier.valide_par == personnel
    assert bilan.creees == 26


def test_an_empty_calendar_cannot_be_validated(personnel):
    with pytest.raises(ValidationError, match="aucune permanence"):
        valider_calendrier(calendrier=CalendrierFactory(), par=personnel)


def test_a_validation_that_meets_a_taken_room_leaves_a_draft(calendrier, personnel):
    calendrier.statut = Calendrier.Statut.BROUILLON
    calendrier.save()
    ReservationSalleFactory(
        salle=calendrier.permanences.get().salle,
        debut=paris(2027, 1, 12, 8),
        fin=paris(2027, 1, 12, 10),
    )
    with pytest.raises(ValidationError):
        valider_calendrier(calendrier=calendrier, par=personnel)
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.BROUILLON


def test_an_occurrence_without_appointments_is_annotated_so():
    occurrence = OccurrenceFactory()
    annotated = Occurrence.objects.avec_rendez_vous().get(pk=occurrence.pk)
    assert annotated.a_des_rendez_vous is False


# Extra permanences ------------------------------------------------------------------


def test_an_extra_permanence_books_the_room_and_creates_one_session(benevole):
    salle = SalleFactory(nom="Salle Cèze")
    demarche = DemarcheFactory()
    occurrence = reserver_en_plus(
        benevole, salle, dt.date(2026, 12, 3), T(14), T(16), demarches=[demarche]
    )
    assert occurrence.permanence.est_ponctuelle
    assert occurrence.permanence.organisation == benevole.organisation
    assert list(occurrence.permanence.demarches.all()) == [demarche]
    assert list(occurrence.permanence.intervenants.all()) == [benevole]
    assert occurrence.reservation.salle == salle
    assert occurrence.debut == paris(2026, 12, 3, 14)


def test_a_taken_room_answers_in_french_with_free_alternatives(benevole):
    salle = SalleFactory(nom="Salle Cèze")
    other = SalleFactory(nom="Bureau 2")
    reserver_en_plus(benevole, salle, dt.date(2026, 12, 3), T(14), T(16))
    with pytest.raises(SallePrise) as error:
        reserver_en_plus(BenevoleFactory(), salle, dt.date(2026, 12, 3), T(15), T(17))
    assert error.value.message_dict == {"salle": ["Cette salle est déjà réservée sur ce créneau."]}
    choices = error.value.alternatives
    assert other in choices.salles and salle not in choices.salles
    # Nearest to the time asked for, the room is free just after and late in the morning.
    assert (paris(2026, 12, 3, 16), paris(2026, 12, 3, 18)) in choices.horaires
    assert (paris(2026, 12, 3, 12), paris(2026, 12, 3, 14)) in choices.horaires
    for start, end in choices.horaires:
        assert end <= paris(2026, 12, 3, 14) or start >= paris(2026, 12, 3, 16)
    assert Occurrence.objects.count() == 1 and Permanence.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "debut", "fin", "field", "words"),
    [
        (dt.date(2026, 12, 3), T(16), T(14), "heure_fin", "après l'heure de début"),
        (dt.date(2026, 12, 3), T(14), T(14), "heure_fin", "après l'heure de début"),
        (dt.date(2026, 11, 20), T(14), T(16), "date", "déjà passé"),
        (dt.date(2026, 12, 25), T(14), T(16), "date", "férié (Noël)"),
        (dt.date(2026, 12, 28), T(14), T(16), "date", "fermée ce jour-là"),
    ],
)
def test_bad_extra_permanences_are_refused_beside_the_field(
    benevole, day, debut, fin, field, words
):
    FermetureFactory()
    with pytest.raises(ValidationError) as error:
        reserver_en_plus(benevole, SalleFactory(), day, debut, fin)
    assert words in " ".join(error.value.message_dict[field])
    assert not Permanence.objects.exists() and not ReservationSalle.objects.exists()


def test_a_volunteer_cannot_book_for_another_organisation(benevole):
    other = BenevoleFactory()
    with pytest.raises(PermissionDenied):
        reserver_permanence_ponctuelle(
            organisation=other.organisation,
            salle=SalleFactory(),
            date=dt.date(2026, 12, 3),
            heure_debut=T(9),
            heure_fin=T(10),
            demarches=[],
            intervenants=[],
            par=benevole,
        )


# Cancelling -------------------------------------------------------------------------


@pytest.fixture
def occurrence_du_benevole(benevole):
    return reserver_en_plus(
        benevole, SalleFactory(nom="Salle Cèze"), dt.date(2026, 12, 3), T(9), T(12)
    )


def test_cancelling_keeps_the_session_frees_the_room_tells_staff(
    occurrence_du_benevole, benevole, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="  Présidente malade  ", par=benevole
        )

    occurrence_du_benevole.refresh_from_db()
    assert (
        occurrence_du_benevole.est_annulee
        and occurrence_du_benevole.motif_annulation == "Présidente malade"
    )
    assert (
        occurrence_du_benevole.annulee_par == benevole
        and occurrence_du_benevole.annulee_le == AUJOURDHUI
    )
    assert occurrence_du_benevole.reservation.annulee
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [settings.RUCHE_STAFF_EMAIL]
    assert "Permanence non maintenue" in message.subject
    assert "Présidente malade" in message.body and "jeudi 3 décembre 2026" in message.body
    # The room is free again for someone else.
    reserver_en_plus(
        BenevoleFactory(),
        occurrence_du_benevole.reservation.salle,
        occurrence_du_benevole.date,
        T(9),
        T(12),
    )


def test_the_staff_mail_shows_apostrophes_not_html_entities(
    benevole, django_capture_on_commit_callbacks
):
    organisation = benevole.organisation
    organisation.nom, organisation.sigle = "Les Amis d'Ici", ""
    organisation.save()
    occurrence_du_benevole = reserver_en_plus(
        benevole, SalleFactory(nom="Salle de l'Orée"), dt.date(2026, 12, 3), T(9), T(12)
    )
    with django_capture_on_commit_callbacks(execute=True):
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="L'animatrice est malade", par=benevole
        )

    (message,) = mail.outbox
    assert "Les Amis d'Ici" in message.subject
    for text in ("Les Amis d'Ici", "Salle de l'Orée", "L'animatrice est malade"):
        assert text in message.body
    assert "&#x27;" not in message.subject + message.body


def test_nothing_is_told_when_the_transaction_does_not_commit(
    occurrence_du_benevole, benevole, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="Panne de chauffage", par=benevole
        )
    assert len(callbacks) == 2 and mail.outbox == []


@pytest.mark.parametrize("motif", ["", "   ", None])
def test_a_reason_is_required(occurrence_du_benevole, benevole, motif):
    with pytest.raises(ValidationError) as error:
        annuler_occurrence(occurrence=occurrence_du_benevole, motif=motif, par=benevole)
    assert "pourquoi" in error.value.message_dict["motif"][0]
    occurrence_du_benevole.refresh_from_db()
    assert not occurrence_du_benevole.est_annulee


def test_cancelling_twice_or_after_the_fact_is_refused(occurrence_du_benevole, benevole):
    annuler_occurrence(
        occurrence=occurrence_du_benevole, motif="Grève des transports", par=benevole
    )
    with pytest.raises(ValidationError, match="déjà annulée"):
        annuler_occurrence(occurrence=occurrence_du_benevole, motif="Encore", par=benevole)
    later = reserver_en_plus(
        benevole, SalleFactory(nom="Bureau 2"), dt.date(2026, 12, 3), T(9), T(10)
    )
    with (
        time_machine.travel(paris(2026, 12, 3, 11), tick=False),
        pytest.raises(ValidationError, match="déjà passée"),
    ):
        annuler_occurrence(occurrence=later, motif="Trop tard", par=benevole)


def test_a_volunteer_cannot_cancel_another_organisations_session(occurrence_du_benevole):
    with pytest.raises(PermissionDenied):
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="Pas à moi", par=BenevoleFactory()
        )


def test_cancelling_cancels_the_appointments_in_the_same_transaction(
    occurrence_du_benevole, benevole, django_capture_on_commit_callbacks
):
    rdv = RendezVousFactory(occurrence=occurrence_du_benevole, email="awa@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="Présidente malade", par=benevole
        )
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ANNULE_ASSOCIATION
    assert ["awa@exemple.fr"] in [message.to for message in mail.outbox]


def test_when_the_appointments_cannot_be_cancelled_nothing_is(
    occurrence_du_benevole, benevole, monkeypatch, django_capture_on_commit_callbacks
):
    """Before, the session was cancelled and its residents never told."""
    rdv = RendezVousFactory(occurrence=occurrence_du_benevole, email="awa@exemple.fr")

    def en_panne(**kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(service_calendrier, "annuler_rendez_vous_de", en_panne)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        annuler_occurrence(
            occurrence=occurrence_du_benevole, motif="Présidente malade", par=benevole
        )
    occurrence_du_benevole.refresh_from_db()
    rdv.refresh_from_db()
    assert not occurrence_du_benevole.est_annulee and not occurrence_du_benevole.reservation.annulee
    assert rdv.statut == RendezVous.Statut.RESERVE
    assert mail.outbox == []
