"""The back office: every model listed, the calendar validated and generated in one action."""

import datetime as dt

import pytest
from django.urls import reverse

from permanences.models import Calendrier, Occurrence, Permanence
from permanences.services.calendrier import generer_occurrences
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    FermetureFactory,
    OccurrenceFactory,
    PermanenceFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

# The lists this app's admin registers (a place's closures belong to ruche).
MODELS = [
    "permanences_salle",
    "ruche_fermeture",
    "permanences_demarche",
    "permanences_calendrier",
    "permanences_permanence",
    "permanences_occurrence",
    "permanences_reservationsalle",
    "permanences_jetoncalendrier",
]


@pytest.fixture
def admin_client_staff(client):
    utilisateur = PersonnelFactory(is_superuser=True)
    client.force_login(utilisateur)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_list_and_form_opens(admin_client_staff, model):
    OccurrenceFactory()
    FermetureFactory()
    DemarcheFactory()
    ReservationSalleFactory(
        salle=SalleFactory(nom="Salle Cèze"),
        debut=paris(2027, 2, 1, 9),
        fin=paris(2027, 2, 1, 10),
    )
    url = reverse(f"admin:{model}_changelist")
    assert admin_client_staff.get(url).status_code == 200
    assert admin_client_staff.get(url, {"q": "Cèze"}).status_code == 200


def test_occurrences_are_filtered_and_never_deleted(admin_client_staff):
    occurrence = OccurrenceFactory()
    url = reverse("admin:permanences_occurrence_changelist")
    response = admin_client_staff.get(url, {"statut__exact": "annulee"})
    assert response.status_code == 200
    delete = reverse("admin:permanences_occurrence_delete", args=[occurrence.pk])
    assert admin_client_staff.post(delete, {"post": "yes"}).status_code == 403
    assert Occurrence.objects.filter(pk=occurrence.pk).exists()


def test_validate_and_generate_action(admin_client_staff):
    calendrier = CalendrierFactory(annee=2030, semestre=1)
    PermanenceFactory(calendrier=calendrier)
    response = admin_client_staff.post(
        reverse("admin:permanences_calendrier_changelist"),
        {"action": "valider_et_generer", "_selected_action": [calendrier.pk]},
        follow=True,
    )
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.VALIDE
    count = Occurrence.objects.filter(permanence__calendrier=calendrier).count()
    assert count > 20
    assert f"{count} séances créées" in response.content.decode()


def test_the_action_reports_a_clash_without_validating(admin_client_staff):
    calendrier = CalendrierFactory(annee=2030, semestre=1)
    salle = SalleFactory(nom="Salle Cèze")
    PermanenceFactory(calendrier=calendrier, salle=salle)
    PermanenceFactory(calendrier=calendrier, salle=salle)
    response = admin_client_staff.post(
        reverse("admin:permanences_calendrier_changelist"),
        {"action": "valider_et_generer", "_selected_action": [calendrier.pk]},
        follow=True,
    )
    assert "déjà réservée" in response.content.decode()
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.BROUILLON


def test_a_calendar_with_its_weekly_permanences_is_added_inline(admin_client_staff):
    organisation = CalendrierFactory().organisation
    salle = SalleFactory(nom="Bureau d'accueil 1")
    response = admin_client_staff.post(
        reverse("admin:permanences_calendrier_add"),
        {
            "organisation": organisation.pk,
            "annee": 2031,
            "semestre": 2,
            "permanences-TOTAL_FORMS": 1,
            "permanences-INITIAL_FORMS": 0,
            "permanences-0-jour_semaine": 1,
            "permanences-0-heure_debut": "09:00",
            "permanences-0-heure_fin": "12:00",
            "permanences-0-salle": salle.pk,
            "permanences-0-accueil": Permanence.Accueil.LES_DEUX,
        },
    )
    assert response.status_code == 302, response.content.decode()
    permanence = Permanence.objects.get(calendrier__annee=2031)
    assert permanence.organisation == organisation
    assert permanence.heure_debut == dt.time(9)


def test_a_new_closure_removes_the_free_sessions_of_validated_calendars(admin_client_staff):
    calendrier = CalendrierFactory(annee=2030, semestre=1, statut=Calendrier.Statut.VALIDE)
    PermanenceFactory(calendrier=calendrier)  # Tuesdays
    generer_occurrences(calendrier=calendrier)
    response = admin_client_staff.post(
        reverse("admin:ruche_fermeture_add"),
        {"debut": "2030-02-04", "fin": "2030-02-15", "motif": "Travaux"},
    )
    assert response.status_code == 302
    days = set(Occurrence.objects.values_list("date", flat=True))
    assert dt.date(2030, 2, 5) not in days and dt.date(2030, 2, 12) not in days
    assert dt.date(2030, 2, 19) in days
