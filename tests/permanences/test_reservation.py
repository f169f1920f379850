"""Booking, moving and cancelling appointments (services), and the cancelled-session signal."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from permanences.models import Occurrence, RendezVous
from permanences.services.disponibilites import creneaux_pour, prochains_creneaux
from permanences.services.rendezvous import (
    CreneauPris,
    annuler_rendez_vous,
    annuler_rendez_vous_de,
    deplacer_rendez_vous,
    marquer_presence,
    reserver_rendez_vous,
)
from ruche.models import Fermeture
from ruche.sms import MemoryBackend
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


@pytest.fixture
def demarche():
    return DemarcheFactory(
        nom="Renouvellement de titre de séjour", slug="titre-de-sejour", duree_minutes=45
    )


@pytest.fixture
def occurrence(demarche):
    return occurrence_pour(demarche)


def reserver(occurrence, demarche, debut=None, **kwargs):
    kwargs.setdefault("nom", "Awa Diallo")
    kwargs.setdefault("telephone", "0612345678")
    kwargs.setdefault("email", "awa@exemple.fr")
    return reserver_rendez_vous(
        occurrence=occurrence, demarche=demarche, debut=debut or occurrence.debut, **kwargs
    )


def test_booking_sends_email_with_ics_and_sms(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rdv = reserver(occurrence, demarche)
    assert rdv.statut == RendezVous.Statut.RESERVE
    assert rdv.fin - rdv.debut == timedelta(minutes=45)
    assert len(rdv.secret) >= 32
    message = mail.outbox[0]
    assert message.to == ["awa@exemple.fr"]
    assert "Passeport" in message.body
    assert f"https://ruche.exemple.fr/rendez-vous/{rdv.secret}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == rdv.debut
    assert MemoryBackend.outbox[0][0] == "0612345678"
    assert rdv.secret in MemoryBackend.outbox[0][1]


def test_the_resident_mail_and_sms_show_apostrophes(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    demarche.nom = "Carte d'identité & passeport"
    demarche.save()
    with django_capture_on_commit_callbacks(execute=True):
        reserver(occurrence, demarche, nom="Awa N'Diaye & Jean")
    (message,) = mail.outbox
    assert "Awa N'Diaye & Jean" in message.body
    assert "Carte d'identité & passeport" in message.body
    ((_numero, texte),) = MemoryBackend.outbox
    assert "Carte d'identité & passeport" in texte
    assert "&#x27;" not in message.subject + message.body + texte
    assert "&amp;" not in message.subject + message.body + texte


def test_the_same_slot_is_never_given_twice(occurrence, demarche):
    reserver(occurrence, demarche)
    with pytest.raises(CreneauPris, match="vient de prendre cette heure"):
        reserver(occurrence, demarche, nom="Jean Martin")
    assert RendezVous.objects.count() == 1


def test_an_overlapping_slot_is_refused_too(occurrence, demarche):
    reserver(occurrence, demarche, debut=occurrence.debut + timedelta(minutes=45))
    other = DemarcheFactory(slug="retraite", duree_minutes=30)
    occurrence.permanence.demarches.add(other)
    with pytest.raises(CreneauPris):
        reserver(occurrence, other, debut=occurrence.debut + timedelta(minutes=30))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint")
def test_database_refuses_a_double_booking_without_any_check(occurrence, demarche):
    RendezVousFactory(occurrence=occurrence, demarche=demarche)
    with pytest.raises(IntegrityError), transaction.atomic():
        RendezVousFactory(occurrence=occurrence, demarche=demarche)
    with pytest.raises(IntegrityError), transaction.atomic():
        RendezVousFactory(
            occurrence=occurrence, demarche=demarche, debut=occurrence.debut + timedelta(minutes=10)
        )
    # A cancelled booking frees its slot.
    RendezVous.objects.update(statut=RendezVous.Statut.ANNULE_HABITANT)
    RendezVousFactory(occurrence=occurrence, demarche=demarche)


def test_slots_outside_the_window_are_refused(demarche):
    demain = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=1))
    loin = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=120))
    passe = occurrence_pour(demarche, jour=timezone.localdate() - timedelta(days=1))
    for session in (loin, passe):
        with pytest.raises(ValidationError, match="plus proposée"):
            reserver(session, demarche)
    off_grid = demain.debut + timedelta(minutes=7)
    with pytest.raises(ValidationError, match="plus proposée"):
        reserver(demain, demarche, debut=off_grid)
    reserver(demain, demarche)


def test_session_that_does_not_serve_the_demarche_or_is_cancelled(occurrence, demarche):
    other = DemarcheFactory(slug="autre")
    with pytest.raises(ValidationError):
        reserver(occurrence, other)
    Occurrence.objects.filter(pk=occurrence.pk).update(statut="annulee", motif_annulation="Malade")
    with pytest.raises(ValidationError):
        reserver(occurrence, demarche)


def test_closed_day_has_no_slot(occurrence, demarche):
    Fermeture.objects.create(debut=occurrence.date, fin=occurrence.date, motif="Travaux")
    assert prochains_creneaux(demarche=demarche) == []


def test_contact_is_required_and_checked(occurrence, demarche):
    with pytest.raises(ValidationError) as error:
        reserver(occurrence, demarche, telephone="", email="")
    assert "téléphone" in str(error.value)
    with pytest.raises(ValidationError):
        reserver(occurrence, demarche, email="pas-une-adresse")
    assert RendezVous.objects.count() == 0


def test_move_keeps_the_link_and_frees_the_old_slot(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    rdv = reserver(occurrence, demarche)
    new_start = occurrence.debut + timedelta(minutes=90)
    with django_capture_on_commit_callbacks(execute=True):
        moved = deplacer_rendez_vous(rendez_vous=rdv, occurrence=occurrence, debut=new_start)
    assert moved.secret == rdv.secret and moved.debut == new_start
    assert "a changé" in mail.outbox[0].subject
    reserver(occurrence, demarche, nom="Jean Martin")  # the old slot is free again


def test_move_and_cancel_refused_after_the_deadline(demarche):
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=2))
    rdv = reserver(occurrence, demarche)
    demarche.delai_modification_heures = 24 * 5
    demarche.save()
    rdv.refresh_from_db()
    with pytest.raises(ValidationError, match="trop tard"):
        annuler_rendez_vous(rendez_vous=rdv)
    with pytest.raises(ValidationError, match="trop tard"):
        deplacer_rendez_vous(rendez_vous=rdv, occurrence=occurrence, debut=occurrence.debut)


def test_cancel_frees_the_slot_and_tells_the_resident(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    rdv = reserver(occurrence, demarche)
    with django_capture_on_commit_callbacks(execute=True):
        annuler_rendez_vous(rendez_vous=rdv)
    assert RendezVous.objects.get().statut == RendezVous.Statut.ANNULE_HABITANT
    assert "annulé" in mail.outbox[-1].subject
    reserver(occurrence, demarche, nom="Jean Martin")


def test_cancelled_session_cancels_its_appointments_and_offers_another_slot(
    occurrence, demarche, django_capture_on_commit_callbacks
):
    first = reserver(occurrence, demarche)
    second = reserver(
        occurrence, demarche, debut=occurrence.debut + timedelta(minutes=45), email=""
    )
    gone = reserver(
        occurrence, demarche, debut=occurrence.debut + timedelta(minutes=90), nom="Déjà"
    )
    annuler_rendez_vous(rendez_vous=gone)
    with django_capture_on_commit_callbacks(execute=True):
        annuler_rendez_vous_de(occurrence=occurrence)
    statuses = dict(RendezVous.objects.values_list("pk", "statut"))
    assert statuses[first.pk] == statuses[second.pk] == RendezVous.Statut.ANNULE_ASSOCIATION
    assert statuses[gone.pk] == RendezVous.Statut.ANNULE_HABITANT
    assert [m.to for m in mail.outbox] == [["awa@exemple.fr"]]
    assert f"/rendez-vous/{first.secret}/" in mail.outbox[0].body
    assert {to for to, _ in MemoryBackend.outbox} == {"0612345678"}
    assert len(MemoryBackend.outbox) == 2
    # The link offers another slot, even though the deadline has no meaning any more.
    other = occurrence_pour(demarche, jour=occurrence.date + timedelta(days=7))
    first.refresh_from_db()
    moved = deplacer_rendez_vous(rendez_vous=first, occurrence=other, debut=other.debut)
    assert moved.statut == RendezVous.Statut.RESERVE


def test_attendance_from_the_day_on(demarche):
    today = occurrence_pour(demarche, jour=timezone.localdate(), debut=time(0, 0), fin=time(23, 0))
    rdv = RendezVousFactory(occurrence=today, demarche=demarche)
    assert marquer_presence(rendez_vous=rdv, venu=True).statut == RendezVous.Statut.VENU
    later = RendezVousFactory(demarche=demarche, occurrence=occurrence_pour(demarche))
    with pytest.raises(ValidationError, match="jour du rendez-vous"):
        marquer_presence(rendez_vous=later, venu=False)


def test_history_records_who_and_what(occurrence, demarche):
    rdv = reserver(occurrence, demarche)
    annuler_rendez_vous(rendez_vous=rdv)
    assert [h.statut for h in rdv.history.order_by("history_date")] == [
        "reserve",
        "annule_habitant",
    ]


def test_slot_listing_query_count_does_not_grow_with_bookings(demarche):
    sessions = [
        occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=d)) for d in (3, 4, 5)
    ]
    start, end = timezone.now(), timezone.now() + timedelta(days=30)
    with CaptureQueriesContext(connection) as few:
        creneaux_pour(demarche=demarche, depuis=start, jusqua=end)
    for session in sessions:
        for k in range(3):
            RendezVousFactory(
                occurrence=session,
                demarche=demarche,
                debut=session.debut + timedelta(minutes=45 * k),
            )
    with CaptureQueriesContext(connection) as many:
        slots = creneaux_pour(demarche=demarche, depuis=start, jusqua=end)
    # Sessions, their partners' conventions (five queries: conventions, committees,
    # breaches, amendments, parties), bookings, closures.
    assert len(many) == len(few) == 8
    assert len(slots) == 3  # one slot left in each morning
