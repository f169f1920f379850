"""The admin keeps the rules of the pages: each rule goes through the admin form or action."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanences.creneaux import Creneau
from permanences.models import Atelier, Inscription, RendezVous
from permanences.services.ateliers import annuler_inscription, inscrire, modifier_atelier
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    FermetureFactory,
    InscriptionFactory,
    RendezVousFactory,
    ReservationSalleFactory,
    SalleFactory,
    occurrence_pour,
)
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(client):
    client.force_login(PersonnelFactory(is_superuser=True))
    return client


def local(value):
    value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y"), value.strftime("%H:%M")


def formulaire_atelier(atelier, **changes):
    debut = changes.pop("debut", atelier.debut)
    fin = changes.pop("fin", atelier.fin)
    data = {
        "titre_fr": atelier.titre,
        "description_fr": atelier.description,
        "public": atelier.public,
        "organisation": atelier.organisation_id,
        "salle": atelier.salle_id,
        "debut_0": local(debut)[0],
        "debut_1": local(debut)[1],
        "fin_0": local(fin)[0],
        "fin_1": local(fin)[1],
        "capacite": atelier.capacite,
        "inscriptions-TOTAL_FORMS": 0,
        "inscriptions-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def changer(agent, atelier, **changes):
    url = reverse("admin:permanences_atelier_change", args=[atelier.pk])
    return agent.post(url, formulaire_atelier(atelier, **changes))


def test_more_places_in_the_admin_go_to_the_waiting_list_in_order(
    agent, django_capture_on_commit_callbacks
):
    atelier = AtelierFactory(capacite=1)
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
        second = inscrire(atelier=atelier, nom="Jean Martin", email="jean@exemple.fr")
        third = inscrire(atelier=atelier, nom="Lucie Bernard", email="lucie@exemple.fr")
        fourth = inscrire(atelier=atelier, nom="Paul Roux", email="paul@exemple.fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = changer(agent, atelier, capacite=3)
    assert response.status_code == 302, response.content.decode()[:2000]
    statuts = {i.pk: (i.statut, i.position) for i in Inscription.objects.filter(atelier=atelier)}
    assert statuts[second.pk] == (Inscription.Statut.INSCRIT, None)
    assert statuts[third.pk] == (Inscription.Statut.INSCRIT, None)
    assert statuts[fourth.pk] == (Inscription.Statut.EN_ATTENTE, 3)
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["jean@exemple.fr", "lucie@exemple.fr"]
    assert all("place" in m.subject for m in mail.outbox)
    page = agent.get(response.url).content.decode()
    assert "2 personnes de la liste d" in page


def test_a_newcomer_never_passes_those_waiting(django_capture_on_commit_callbacks):
    atelier = AtelierFactory(capacite=1)
    inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
    waiting = inscrire(atelier=atelier, nom="Jean Martin", email="jean@exemple.fr")
    # A place appears without going through the services (a correction in the database).
    Atelier.objects.filter(pk=atelier.pk).update(capacite=2)
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = inscrire(atelier=atelier, nom="Paul Roux", email="paul@exemple.fr")
    waiting.refresh_from_db()
    assert waiting.statut == Inscription.Statut.INSCRIT
    assert newcomer.statut == Inscription.Statut.EN_ATTENTE
    assert list(atelier.inscriptions.filter(statut="en_attente")) == [newcomer]
    assert {m.to[0] for m in mail.outbox} >= {"jean@exemple.fr", "paul@exemple.fr"}


def test_fewer_places_than_people_registered_is_refused_beside_the_field(agent):
    atelier = AtelierFactory(capacite=3)
    for nom in ("Awa Diallo", "Jean Martin"):
        InscriptionFactory(atelier=atelier, nom=nom)
    response = changer(agent, atelier, capacite=1, titre_fr="Nouveau titre")
    assert response.status_code == 200
    assert "2 personnes ont déjà une place" in response.content.decode()
    assert 'value="Nouveau titre"' in response.content.decode()
    atelier.refresh_from_db()
    assert (atelier.capacite, atelier.titre) == (3, "Premiers pas sur le smartphone")


def test_moving_a_workshop_in_the_admin_goes_through_the_room_rules(agent):
    atelier = AtelierFactory()
    other = ReservationSalleFactory(
        salle=atelier.salle,
        debut=atelier.debut + dt.timedelta(days=1),
        fin=atelier.fin + dt.timedelta(days=1),
    )
    response = changer(agent, atelier, debut=other.debut + dt.timedelta(hours=1), fin=other.fin)
    assert response.status_code == 200
    assert "Cette salle est déjà réservée sur ce créneau." in response.content.decode()
    atelier.refresh_from_db()
    assert atelier.reservation.debut == atelier.debut

    FermetureFactory(
        debut=timezone.localdate(atelier.debut) + dt.timedelta(days=2),
        fin=timezone.localdate(atelier.debut) + dt.timedelta(days=2),
        motif="Inventaire",
    )
    closed = changer(
        agent,
        atelier,
        debut=atelier.debut + dt.timedelta(days=2),
        fin=atelier.fin + dt.timedelta(days=2),
    )
    assert closed.status_code == 200 and "Inventaire" in closed.content.decode()

    salle = SalleFactory(nom="Salle Cèze", capacite=10)
    moved = changer(
        agent,
        atelier,
        salle=salle.pk,
        debut=other.debut + dt.timedelta(hours=1),
        fin=other.fin,
    )
    assert moved.status_code == 302, moved.content.decode()[:2000]
    atelier.refresh_from_db()
    reservation = atelier.reservation
    assert (reservation.salle, reservation.debut, reservation.fin) == (
        salle,
        atelier.debut,
        atelier.fin,
    )
    # Its old time is free again for another booking.
    assert not atelier.salle.reservations.filter(debut=atelier.debut, annulee=False).exclude(
        pk=reservation.pk
    )


def test_registrations_state_only_changes_through_the_actions(
    agent, django_capture_on_commit_callbacks
):
    atelier = AtelierFactory(capacite=1)
    first = InscriptionFactory(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
    waiting = InscriptionFactory(
        atelier=atelier,
        nom="Jean Martin",
        email="jean@exemple.fr",
        statut=Inscription.Statut.EN_ATTENTE,
        position=1,
    )
    url = reverse("admin:permanences_inscription_change", args=[first.pk])
    page = agent.get(url).content.decode()
    assert 'name="statut"' not in page
    agent.post(
        url, {"nom": "Awa Diallo", "telephone": "", "email": "awa@exemple.fr", "statut": "annule"}
    )
    first.refresh_from_db()
    assert first.statut == Inscription.Statut.INSCRIT

    changelist = reverse("admin:permanences_inscription_changelist")
    assert "delete_selected" not in agent.get(changelist).content.decode()
    delete = reverse("admin:permanences_inscription_delete", args=[first.pk])
    assert agent.post(delete, {"post": "yes"}).status_code == 403
    assert agent.get(reverse("admin:permanences_inscription_add")).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            changelist,
            {"action": "annuler", "_selected_action": [first.pk]},
            follow=True,
        )
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.statut == Inscription.Statut.ANNULE
    assert waiting.statut == Inscription.Statut.INSCRIT
    assert {m.to[0] for m in mail.outbox} == {"awa@exemple.fr", "jean@exemple.fr"}
    assert "Jean Martin passe de la liste" in response.content.decode()

    # Attendance is noted from the day of the workshop on, as on the pages.
    early = agent.post(
        changelist, {"action": "marquer_present", "_selected_action": [waiting.pk]}, follow=True
    )
    assert "le jour de l" in early.content.decode()
    Atelier.objects.filter(pk=atelier.pk).update(
        debut=timezone.now() - dt.timedelta(hours=1), fin=timezone.now()
    )
    agent.post(changelist, {"action": "marquer_present", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.statut == Inscription.Statut.PRESENT


@pytest.fixture
def rdv():
    demarche = DemarcheFactory()
    occurrence = occurrence_pour(demarche, jour=timezone.localdate() + dt.timedelta(days=3))
    return RendezVousFactory(
        occurrence=occurrence, demarche=demarche, nom="Awa Diallo", email="awa@exemple.fr"
    )


def test_appointment_state_is_not_typed_in_the_change_form(agent, rdv):
    url = reverse("admin:permanences_rendezvous_change", args=[rdv.pk])
    page = agent.get(url).content.decode()
    assert 'name="statut"' not in page
    response = agent.post(
        url,
        {
            "demarche": rdv.demarche_id,
            "nom": "Awa Diallo",
            "telephone": rdv.telephone,
            "email": rdv.email,
            "statut": RendezVous.Statut.VENU,
            "consentement_le_0": "01/01/2026",
            "consentement_le_1": "10:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rdv.refresh_from_db()
    assert (rdv.statut, rdv.consentement_le) == (RendezVous.Statut.RESERVE, None)
    changelist = reverse("admin:permanences_rendezvous_changelist")
    assert "delete_selected" not in agent.get(changelist).content.decode()
    delete = reverse("admin:permanences_rendezvous_delete", args=[rdv.pk])
    assert agent.post(delete, {"post": "yes"}).status_code == 403
    assert agent.get(reverse("admin:permanences_rendezvous_add")).status_code == 403
    assert RendezVous.objects.filter(pk=rdv.pk).exists()


def test_appointment_cancelled_by_an_action_tells_the_person(
    agent, rdv, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:permanences_rendezvous_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            changelist, {"action": "annuler", "_selected_action": [rdv.pk]}, follow=True
        )
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ANNULE_HABITANT
    assert [m.to for m in mail.outbox] == [["awa@exemple.fr"]]
    assert "1 rendez-vous annulé" in response.content.decode()
    again = agent.post(changelist, {"action": "annuler", "_selected_action": [rdv.pk]}, follow=True)
    assert "rien à annuler" in again.content.decode()


def test_attendance_by_action_follows_the_page_rule(agent, rdv):
    changelist = reverse("admin:permanences_rendezvous_changelist")
    early = agent.post(
        changelist, {"action": "marquer_venu", "_selected_action": [rdv.pk]}, follow=True
    )
    assert "le jour du rendez-vous" in early.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.RESERVE
    RendezVous.objects.filter(pk=rdv.pk).update(
        debut=timezone.now() - dt.timedelta(minutes=50),
        fin=timezone.now() - dt.timedelta(minutes=5),
    )
    agent.post(changelist, {"action": "marquer_absent", "_selected_action": [rdv.pk]})
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ABSENT


@pytest.mark.parametrize(("coche", "enregistre"), [({}, False), ({"accepte": "on"}, True)])
def test_desk_booking_records_consent_only_when_ticked(client, coche, enregistre):
    demarche = DemarcheFactory()
    occurrence = occurrence_pour(demarche)
    client.force_login(PersonnelFactory())
    page = client.get(f"/espace/rendez-vous/nouveau/?demarche={demarche.pk}").content.decode()
    assert 'name="accepte"' in page
    response = client.post(
        "/espace/rendez-vous/nouveau/",
        {
            "demarche": demarche.pk,
            "creneau": Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur,
            "nom": "Jean Martin",
            "telephone": "06 98 76 54 32",
            "canal": "telephone",
            **coche,
        },
    )
    assert response.status_code == 302
    assert (RendezVous.objects.get().consentement_le is not None) is enregistre


def test_public_registration_records_the_ticked_consent():
    atelier = AtelierFactory()
    unasked = inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
    ticked = inscrire(
        atelier=atelier, nom="Jean Martin", email="jean@exemple.fr", consentement=True
    )
    assert unasked.consentement_le is None and ticked.consentement_le is not None


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("inscrire"), st.integers(0, 0)),
            st.tuples(st.just("annuler"), st.integers(0, 20)),
            st.tuples(st.just("places"), st.integers(1, 3)),
        ),
        max_size=14,
    )
)
def test_places_go_to_those_waiting_first_come_first_served(db, steps):
    """Whatever happens, the waiting list is served in its order, never beyond the places,
    and nobody waits while a place is free."""
    with transaction.atomic():
        atelier = AtelierFactory(capacite=1, salle=SalleFactory(capacite=30))
        arrivals = []
        for kind, value in steps:
            if kind == "inscrire":
                arrivals.append(
                    inscrire(atelier=atelier, nom=f"Personne {len(arrivals)}", email="a@b.fr")
                )
            elif kind == "annuler" and arrivals:
                inscription = arrivals[value % len(arrivals)]
                inscription.refresh_from_db()
                if inscription.statut != Inscription.Statut.ANNULE:
                    annuler_inscription(inscription=inscription)
            elif kind == "places":
                atelier.refresh_from_db()
                modifier_atelier(atelier=atelier, capacite=atelier.capacite + value)
            atelier.refresh_from_db()
            rows = list(atelier.inscriptions.order_by("cree_le", "pk"))
            holding = [r for r in rows if r.statut in Inscription.STATUTS_PLACE]
            waiting = [r for r in rows if r.statut == Inscription.Statut.EN_ATTENTE]
            assert len(holding) <= atelier.capacite
            assert not waiting or len(holding) == atelier.capacite
            # Nobody who arrived after someone still waiting holds a place.
            if waiting:
                assert all(h.pk < min(w.pk for w in waiting) for h in holding)
            assert [w.position for w in waiting] == sorted(w.position for w in waiting)
        transaction.set_rollback(True)
