"""Workshop attendance from the volunteers' pages, scoped to their organisation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from permanences.models import Inscription
from ruche.formats import PARIS
from tests.permanences.factories import AtelierFactory, InscriptionFactory, SalleFactory
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db


def atelier_de(organisation, *, jours=0, heure=0, nom="Salle des ateliers"):
    debut = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=jours), dt.time(heure), tzinfo=PARIS
    )
    return AtelierFactory(
        organisation=organisation,
        salle=SalleFactory(nom=nom),
        debut=debut,
        fin=debut + dt.timedelta(hours=1),
        capacite=2,
    )


def presence(client, inscription, statut):
    url = reverse("permanences:espace_presence_atelier", args=[inscription.pk])
    return client.post(url, {"statut": statut}, follow=True)


def test_volunteers_list_their_organisations_workshops_only(client, benevole):
    a_moi = atelier_de(benevole.organisation, jours=3)
    autre = atelier_de(BenevoleFactory().organisation, jours=3, nom="Salle Cèze")
    client.force_login(benevole)
    html = client.get(reverse("permanences:espace_ateliers")).content.decode()
    assert reverse("permanences:espace_atelier", args=[a_moi.pk]) in html
    assert reverse("permanences:espace_atelier", args=[autre.pk]) not in html
    assert client.get(reverse("permanences:espace_atelier", args=[autre.pk])).status_code == 404


def test_on_the_day_a_volunteer_marks_who_came_and_who_did_not(client, benevole):
    atelier = atelier_de(benevole.organisation)
    venue = InscriptionFactory(atelier=atelier, nom="Monique Garcia")
    absent = InscriptionFactory(atelier=atelier, nom="Kevin Morel")
    attente = InscriptionFactory(
        atelier=atelier, nom="Nadia Cherif", statut=Inscription.Statut.EN_ATTENTE, position=1
    )
    client.force_login(benevole)
    page = client.get(reverse("permanences:espace_atelier", args=[atelier.pk])).content.decode()
    assert "Monique Garcia" in page and "Nadia Cherif" in page
    assert reverse("permanences:espace_presence_atelier", args=[venue.pk]) in page
    assert reverse("permanences:espace_presence_atelier", args=[attente.pk]) not in page

    reponse = presence(client, venue, "present")
    assert reponse.redirect_chain[-1][0] == reverse("permanences:espace_atelier", args=[atelier.pk])
    assert "Monique Garcia : Présent." in reponse.content.decode()
    presence(client, absent, "absent")
    reponse = presence(client, attente, "present")
    assert "pas de place" in reponse.content.decode()
    statuts = dict(Inscription.objects.values_list("nom", "statut"))
    assert statuts == {
        "Monique Garcia": "present",
        "Kevin Morel": "absent",
        "Nadia Cherif": "en_attente",
    }


def test_attendance_waits_for_the_day_of_the_workshop(client, benevole):
    inscription = InscriptionFactory(atelier=atelier_de(benevole.organisation, jours=2))
    client.force_login(benevole)
    reponse = presence(client, inscription, "present")
    assert "le jour de l&#x27;atelier" in reponse.content.decode() or "le jour de l'atelier" in (
        reponse.content.decode()
    )
    inscription.refresh_from_db()
    assert inscription.statut == Inscription.Statut.INSCRIT


def test_another_organisations_registration_does_not_exist_for_a_volunteer(client, benevole):
    inscription = InscriptionFactory(atelier=atelier_de(BenevoleFactory().organisation))
    client.force_login(benevole)
    assert presence(client, inscription, "present").status_code == 404
    inscription.refresh_from_db()
    assert inscription.statut == Inscription.Statut.INSCRIT


def test_staff_mark_any_workshop_and_a_bad_choice_changes_nothing(client, personnel):
    inscription = InscriptionFactory(atelier=atelier_de(BenevoleFactory().organisation))
    client.force_login(personnel)
    assert "Choisissez" in presence(client, inscription, "peut-etre").content.decode()
    inscription.refresh_from_db()
    assert inscription.statut == Inscription.Statut.INSCRIT
    presence(client, inscription, "present")
    inscription.refresh_from_db()
    assert inscription.statut == Inscription.Statut.PRESENT
