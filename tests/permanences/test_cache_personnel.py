"""The staff's heavy pages (statistics dashboard, day board, week) are rendered once per
version of the data (ruche.versions): every followed write gives a new version in its own
transaction, so the next page shows it at once; a warm page's queries do not grow with the
data."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permanences.services.calendrier import annuler_occurrence
from ruche.models import Compteur, Passage
from ruche.versions import VISITEURS, version
from tests.partenariats.factories import ConventionFactory, PartieFactory, ResiliationFactory
from tests.permanences.factories import (
    DemarcheFactory,
    RendezVousFactory,
    occurrence_pour,
    paris,
)

pytestmark = pytest.mark.django_db

STATISTIQUES = "/statistiques/"
JOURNEE = "/espace/journee/"


def requetes(client, url):
    with CaptureQueriesContext(connection) as contexte:
        response = client.get(url)
    assert response.status_code == 200
    return len(contexte), response.content.decode()


def occurrence_du_jour(heure):
    occurrence = occurrence_pour(
        DemarcheFactory(), jour=timezone.localdate(), debut=dt.time(heure), fin=dt.time(heure + 2)
    )
    RendezVousFactory(
        occurrence=occurrence, demarche=occurrence.permanence.demarches.get(), nom="Awa Diallo"
    )
    return occurrence


def test_followed_writes_give_a_new_version_and_plumbing_does_not(personnel):
    # A visit gives the visitor log a new version, not the data: the statistics' sections
    # keep theirs (ruche.versions.VISITEURS).
    avant, visiteurs = version(), version(VISITEURS)
    Passage.objects.create(auteur=personnel, accompagnement="sans_rdv")
    assert version(VISITEURS) != visiteurs and version() == avant
    avant = version()
    ConventionFactory()
    assert version() != avant
    avant = version()
    Compteur.objects.create(cle="essai", debut=timezone.now(), fin=timezone.now(), nombre=1)
    assert version() == avant


def test_the_dashboard_shows_a_new_visit_at_once_and_costs_the_same_warm(client_de, personnel):
    client = client_de(personnel)
    Passage.objects.create(auteur=personnel, accompagnement="sans_rdv")
    client.get(STATISTIQUES)
    client.get(STATISTIQUES)  # the session's copy is used from the third request (ruche.sessions)
    peu, avant = requetes(client, STATISTIQUES)
    assert "<strong>1</strong> visiteurs" in avant
    for _ in range(30):
        Passage.objects.create(auteur=personnel, accompagnement="autonomie")
    froid, apres = requetes(client, STATISTIQUES)
    assert "<strong>31</strong> visiteurs" in apres and froid > peu
    assert requetes(client, STATISTIQUES)[0] == peu  # warm: the same, whatever the data
    Passage.objects.bulk_create([Passage(auteur=personnel, accompagnement="autonomie")])
    assert "<strong>32</strong> visiteurs" in requetes(client, STATISTIQUES)[1]


def test_the_day_board_shows_a_booking_and_an_ending_at_once(client_de, personnel):
    client = client_de(personnel)
    occurrence = occurrence_du_jour(9)
    partie = PartieFactory(
        convention=ConventionFactory(
            debut=timezone.localdate() - dt.timedelta(days=100),
            premiere_fin=timezone.localdate() + dt.timedelta(days=300),
        )
    )
    client.get(JOURNEE)
    client.get(JOURNEE)  # the session's copy is used from the third request (ruche.sessions)
    peu, html = requetes(client, JOURNEE)
    assert "Awa Diallo" in html and "Bintou Camara" not in html
    RendezVousFactory(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        debut=occurrence.debut + dt.timedelta(hours=1),
        nom="Bintou Camara",
    )
    assert "Bintou Camara" in requetes(client, JOURNEE)[1]
    alertes_avant = requetes(client, JOURNEE)[1].count('class="alerte ')
    ResiliationFactory(
        convention=partie.convention, date=timezone.localdate() + dt.timedelta(days=20)
    )
    html = requetes(client, JOURNEE)[1]
    assert html.count('class="alerte ') > alertes_avant
    for heure in (11, 14, 16):  # more sessions and bookings: the same warm cost
        occurrence_du_jour(heure)
    client.get(JOURNEE)
    assert requetes(client, JOURNEE)[0] == peu


def test_the_week_shows_a_cancelled_session_at_once_and_costs_the_same_warm(
    client_de, benevole, personnel, occurrence_du_jeudi
):
    client = client_de(benevole)
    url = "/espace/?semaine=2026-W49"
    client.get(url)  # sets the CSRF cookie the cached part's key reads
    client.get(url)
    peu, html = requetes(client, url)
    assert "Non maintenue" not in html
    annuler_occurrence(occurrence=occurrence_du_jeudi, motif="Formation", par=personnel)
    froid, html = requetes(client, url)
    assert "Non maintenue" in html and froid > peu
    assert requetes(client, url)[0] == peu  # cached again


def test_a_volunteers_day_shows_a_booking_and_a_mark_at_once_and_its_cached_form_posts(
    benevole, occurrence_du_jeudi
):
    # The day of the session: attendance can be marked from that day on.
    with time_machine.travel(paris(2026, 12, 3, 15), tick=False):
        _le_jour_de_l_occurrence(benevole, occurrence_du_jeudi)


def _le_jour_de_l_occurrence(benevole, occurrence_du_jeudi):
    client = Client(enforce_csrf_checks=True)
    client.force_login(benevole)
    url = "/espace/rendez-vous/2026-12-03/"
    demarche = DemarcheFactory()
    occurrence_du_jeudi.permanence.demarches.add(demarche)
    rdv = RendezVousFactory(occurrence=occurrence_du_jeudi, demarche=demarche, nom="Awa Diallo")
    client.get(url)  # sets the CSRF cookie the cached part's key reads
    client.get(url)
    peu, html = requetes(client, url)
    assert "Awa Diallo" in html and "Bintou Camara" not in html
    RendezVousFactory(
        occurrence=occurrence_du_jeudi,
        demarche=demarche,
        debut=rdv.debut + dt.timedelta(hours=1),
        nom="Bintou Camara",
    )
    froid, html = requetes(client, url)
    assert "Bintou Camara" in html and froid > peu
    peu, html = requetes(client, url)  # from the cache: the day's query does not run
    assert froid > peu
    # The cached attendance form carries a token of the person's own secret: it posts.
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/espace/rendez-vous/fiche/{rdv.pk}/presence/",
        {"statut": "venu", "next": url, "csrfmiddlewaretoken": jeton},
    )
    assert response.status_code == 302
    html = requetes(client, url)[1]
    assert "etiquette-ok" in html  # marked as come, shown at once
