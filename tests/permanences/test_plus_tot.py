"""An earlier time: a resident whose appointment is far off asks to be told when an earlier
one frees up; the periodic task tells them (a few alerts, one a day, in the daytime, until the
appointment is near or moved) and the alert's link moves the booking in one tap."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import DemandePlusTot, RendezVous
from permanences.services.plus_tot import (
    ALERTES_MAX,
    chercher_plus_tot,
    demander_plus_tot,
    peut_demander,
)
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from ruche.formats import PARIS
from ruche.sms import MemoryBackend
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


def a(jour, heure=10):
    return datetime.combine(jour, time(heure), tzinfo=PARIS)


@pytest.fixture
def matin():
    """Today at 10:00, Paris time: alerts go out in the daytime only."""
    with time_machine.travel(a(timezone.localdate()), tick=False) as voyage:
        yield voyage


@pytest.fixture
def loin(demarche, matin):
    """Awa's appointment in three weeks, booked in Arabic; the session in five days has
    every time taken for now."""
    aujourdhui = timezone.localdate()
    occurrence = occurrence_pour(demarche, jour=aujourdhui + timedelta(days=21))
    rdv = RendezVousFactory(
        occurrence=occurrence,
        demarche=demarche,
        nom="Awa Diallo",
        telephone="0612345678",
        email="awa@exemple.fr",
        langue="ar",
    )
    plus_tot = occurrence_pour(demarche, jour=aujourdhui + timedelta(days=5), fin=time(10))
    occupants = [
        RendezVousFactory(
            occurrence=plus_tot,
            demarche=demarche,
            debut=plus_tot.debut + timedelta(minutes=45 * rang),
        )
        for rang in range(1)
    ]
    return rdv, plus_tot, occupants


def liberer(occupant):
    annuler_rendez_vous(rendez_vous=occupant)


def test_a_far_off_appointment_offers_the_alert_and_the_resident_turns_it_on_and_off(client, loin):
    rdv, _plus_tot, _occupants = loin
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    assert "Me prévenir si une heure se libère plus tôt" in page
    reponse = client.post(f"/rendez-vous/{rdv.secret}/plus-tot/prevenir/", {"prevenir": "oui"})
    assert reponse.status_code == 302
    demande = DemandePlusTot.objects.get(rendez_vous=rdv)
    assert demande.en_cours and demande.debut_rendez_vous == rdv.debut
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    assert "nous vous prévenons si une heure se libère plus tôt" in page
    assert "Ne plus me prévenir" in page
    client.post(f"/rendez-vous/{rdv.secret}/plus-tot/prevenir/", {"prevenir": "non"})
    demande.refresh_from_db()
    assert demande.fin == DemandePlusTot.Fin.ARRETEE
    assert "Me prévenir si une heure" in client.get(f"/rendez-vous/{rdv.secret}/").content.decode()


def test_a_near_appointment_offers_nothing(client, demarche, matin):
    rdv = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=2)),
        demarche=demarche,
    )
    assert "plus tôt" not in client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    reponse = client.post(
        f"/rendez-vous/{rdv.secret}/plus-tot/prevenir/", {"prevenir": "oui"}, follow=True
    )
    assert "nous ne pouvons plus chercher plus tôt" in reponse.content.decode()
    assert not DemandePlusTot.objects.exists()


def test_a_freed_earlier_time_is_offered_in_the_booking_language(
    loin, django_capture_on_commit_callbacks
):
    rdv, plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    assert chercher_plus_tot() == 0  # nothing earlier is free
    liberer(occupants[0])
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert chercher_plus_tot() == 1
    demande = DemandePlusTot.objects.get()
    assert demande.alertes == 1 and demande.debut_propose == plus_tot.debut
    courriel = mail.outbox[-1]
    assert courriel.to == ["awa@exemple.fr"]
    assert f"/rendez-vous/{rdv.secret}/plus-tot/" in courriel.body
    assert "Bonjour" not in courriel.body and "مرحبًا" in courriel.body
    numero, texte = MemoryBackend.outbox[-1]
    assert numero == "0612345678" and f"/rendez-vous/{rdv.secret}/plus-tot/" in texte


def test_one_alert_a_day_a_few_at_most_never_at_night(loin, matin):
    rdv, _plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    assert chercher_plus_tot() == 1
    assert chercher_plus_tot() == 0  # the same day
    for envoyees in range(2, ALERTES_MAX + 1):
        matin.shift(timedelta(hours=12))  # 22:00: no alert at night
        assert chercher_plus_tot() == 0
        matin.shift(timedelta(hours=12))
        assert chercher_plus_tot() == 1
        assert DemandePlusTot.objects.get().alertes == envoyees
    demande = DemandePlusTot.objects.get()
    assert demande.fin == DemandePlusTot.Fin.ALERTES
    matin.shift(timedelta(days=1))
    assert chercher_plus_tot() == 0
    # Its alerts all sent, the appointment offers no more.
    assert demande.rendez_vous.modifiable()
    assert not peut_demander(RendezVous.objects.get(pk=rdv.pk))


def test_only_a_time_a_day_earlier_at_least_and_half_a_day_ahead(demarche, matin):
    aujourdhui = timezone.localdate()
    rdv = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=aujourdhui + timedelta(days=10)),
        demarche=demarche,
    )
    demander_plus_tot(rendez_vous=rdv)
    # The same day a few hours earlier, and tonight: not worth it, or too soon.
    occurrence_pour(demarche, jour=aujourdhui + timedelta(days=10), debut=time(8), fin=time(9))
    occurrence_pour(demarche, jour=aujourdhui, debut=time(18), fin=time(19))
    assert chercher_plus_tot() == 0
    occurrence_pour(demarche, jour=aujourdhui + timedelta(days=8), debut=time(14), fin=time(15))
    assert chercher_plus_tot() == 1
    assert timezone.localdate(DemandePlusTot.objects.get().debut_propose) == (
        aujourdhui + timedelta(days=8)
    )


def test_another_demarche_s_free_time_is_not_offered(loin):
    rdv, _plus_tot, _occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    autre = DemarcheFactory(slug="retraite", nom="Retraite")
    occurrence_pour(autre, jour=timezone.localdate() + timedelta(days=4))
    assert chercher_plus_tot() == 0


def test_one_free_time_goes_to_the_first_who_asked(demarche, loin):
    rdv, _plus_tot, occupants = loin
    second = RendezVousFactory(
        occurrence=rdv.occurrence, demarche=demarche, debut=rdv.debut + timedelta(minutes=45)
    )
    demander_plus_tot(rendez_vous=rdv)
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        demander_plus_tot(rendez_vous=second)
        liberer(occupants[0])
        assert chercher_plus_tot() == 1
    assert DemandePlusTot.objects.get(rendez_vous=rdv).alertes == 1
    assert DemandePlusTot.objects.get(rendez_vous=second).alertes == 0


@pytest.mark.parametrize("quoi", ["deplace", "annule", "proche"])
def test_the_alerts_stop_once_the_appointment_moved_was_cancelled_or_is_near(
    demarche, loin, matin, quoi
):
    rdv, _plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    if quoi == "deplace":
        RendezVous.objects.filter(pk=rdv.pk).update(
            debut=rdv.debut + timedelta(minutes=45), fin=rdv.fin + timedelta(minutes=45)
        )
    elif quoi == "annule":
        annuler_rendez_vous(rendez_vous=rdv)
    else:
        matin.move_to(rdv.debut - timedelta(days=2, hours=22))
    assert chercher_plus_tot() == 0
    assert DemandePlusTot.objects.get().fin == quoi


def test_the_alert_s_link_moves_the_booking_in_one_tap(
    client, loin, django_capture_on_commit_callbacks
):
    rdv, plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    chercher_plus_tot()
    # The browser says French; the page reads in the booking's language, Arabic.
    page = client.get(f"/rendez-vous/{rdv.secret}/plus-tot/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and page.cookies["django_language"].value == "ar"
    valeur = Creneau(plus_tot.debut, plus_tot.debut, plus_tot.pk).valeur
    assert f'name="creneau" value="{valeur}"' in html
    # Only the time offered is taken.
    autre = Creneau(rdv.debut, rdv.debut, rdv.occurrence.pk).valeur
    assert (
        client.post(f"/rendez-vous/{rdv.secret}/plus-tot/", {"creneau": autre}).status_code == 200
    )
    assert RendezVous.objects.get(pk=rdv.pk).debut == rdv.debut
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/rendez-vous/{rdv.secret}/plus-tot/", {"creneau": valeur})
    assert reponse.status_code == 302 and reponse.url == f"/rendez-vous/{rdv.secret}/"
    rdv.refresh_from_db()
    assert rdv.debut == plus_tot.debut and rdv.occurrence == plus_tot and rdv.langue == "ar"
    assert DemandePlusTot.objects.get().fin == DemandePlusTot.Fin.DEPLACE
    assert len(mail.outbox) == 1 and "مرحبًا" in mail.outbox[0].body  # the new date, in Arabic
    # The link once used leads to the appointment.
    assert client.get(f"/rendez-vous/{rdv.secret}/plus-tot/").status_code == 302


def test_a_chosen_language_wins_over_the_booking_s(client, loin):
    rdv, _plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    chercher_plus_tot()
    client.get("/langue/en/")
    html = client.get(f"/rendez-vous/{rdv.secret}/plus-tot/").content.decode()
    assert '<html lang="en"' in html and "Take this time" in html


def test_someone_faster_took_it_the_resident_is_told_kindly_and_keeps_the_appointment(
    client, demarche, loin
):
    rdv, plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    chercher_plus_tot()
    valeur = Creneau(plus_tot.debut, plus_tot.debut, plus_tot.pk).valeur
    client.get("/langue/fr/")
    assert (
        "Prendre cette heure" in client.get(f"/rendez-vous/{rdv.secret}/plus-tot/").content.decode()
    )
    reserver_rendez_vous(
        occurrence=plus_tot,
        demarche=demarche,
        debut=plus_tot.debut,
        nom="Plus rapide",
        telephone="0698765432",
    )
    reponse = client.post(f"/rendez-vous/{rdv.secret}/plus-tot/", {"creneau": valeur})
    html = reponse.content.decode().replace("&#x27;", "'")
    assert reponse.status_code == 409
    assert "Dommage : quelqu'un a pris cette heure avant vous." in html
    assert "Votre rendez-vous ne change pas." in html
    rdv.refresh_from_db()
    assert rdv.occurrence != plus_tot and rdv.statut == RendezVous.Statut.RESERVE


def test_management_command(loin, capsys):
    rdv, _plus_tot, occupants = loin
    demander_plus_tot(rendez_vous=rdv)
    liberer(occupants[0])
    call_command("chercher_plus_tot")
    assert "1 alerte(s)" in capsys.readouterr().out
