"""The volunteers' side: permission grid, the day's list, attendance, notes, desk bookings."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import RendezVous
from ruche.versions import changer_version
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import BenevoleFactory, ComiteFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demarche():
    return DemarcheFactory(slug="retraite", nom="Ouvrir mes droits à la retraite")


@pytest.fixture
def benevole_avaq(demarche):
    return BenevoleFactory()


@pytest.fixture
def occurrence_du_jour(demarche, benevole_avaq):
    return occurrence_pour(
        demarche,
        jour=timezone.localdate(),
        debut=time(0, 0),
        fin=time(23, 0),
        organisation=benevole_avaq.organisation,
    )


@pytest.fixture
def rdv(occurrence_du_jour, demarche):
    return RendezVousFactory(occurrence=occurrence_du_jour, demarche=demarche, nom="Awa Diallo")


def urls(rdv):
    today = timezone.localdate().isoformat()
    return [
        ("get", "/espace/rendez-vous/"),
        ("get", f"/espace/rendez-vous/{today}/"),
        ("get", "/espace/rendez-vous/nouveau/"),
        ("get", f"/espace/rendez-vous/fiche/{rdv.pk}/"),
        ("post", f"/espace/rendez-vous/fiche/{rdv.pk}/presence/"),
    ]


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("sans_role", 403), ("comite", 403), ("benevole", 200), ("personnel", 200)],
)
def test_permission_grid(client_de, rdv, benevole_avaq, personnel, role, expected, index):
    utilisateurs = {
        None: None,
        "sans_role": UtilisateurFactory(),
        "comite": ComiteFactory(),
        "benevole": benevole_avaq,
        "personnel": personnel,
    }
    method, url = urls(rdv)[index]
    response = getattr(client_de(utilisateurs[role]), method)(url, {"statut": "venu"})
    if expected == 302:
        assert response.status_code == 302 and response.url.startswith("/connexion/")
    elif method == "post" and expected == 200:
        assert response.status_code == 302
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("suffix", ["", "presence/"])
def test_another_organisations_appointment_is_a_404(client_de, rdv, suffix):
    stranger = BenevoleFactory()  # another association
    client = client_de(stranger)
    method = client.post if suffix else client.get
    assert (
        method(f"/espace/rendez-vous/fiche/{rdv.pk}/{suffix}", {"statut": "venu"}).status_code
        == 404
    )
    page = client.get("/espace/rendez-vous/").content.decode()
    assert "Awa Diallo" not in page


def test_malformed_dates_are_404(client_de, benevole_avaq):
    client = client_de(benevole_avaq)
    for bad in ["2026-13-01", "2026-02-30", "demain", "99999-01-01"]:
        assert client.get(f"/espace/rendez-vous/{bad}/").status_code == 404


def test_day_list_with_papers_and_attendance(client_de, benevole_avaq, rdv):
    client = client_de(benevole_avaq)
    page = client.get("/espace/rendez-vous/").content.decode()
    assert "Awa Diallo" in page and "Passeport" in page and "Venu" in page
    response = client.post(
        f"/espace/rendez-vous/fiche/{rdv.pk}/presence/",
        {"statut": "absent", "next": "/espace/rendez-vous/"},
    )
    assert response.url == "/espace/rendez-vous/"
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.ABSENT
    client.post(f"/espace/rendez-vous/fiche/{rdv.pk}/presence/", {"statut": "n'importe"})
    client.post(
        f"/espace/rendez-vous/fiche/{rdv.pk}/presence/",
        {"statut": "venu", "next": "https://ailleurs.example/"},
    )
    rdv.refresh_from_db()
    assert rdv.statut == RendezVous.Statut.VENU


@pytest.mark.parametrize(
    "suivant",
    ["abc", "permanences:semaine", "//ailleurs.example/", "https://ailleurs.example/", "\x00", ""],
)
def test_a_tampered_next_goes_back_to_the_day_list(client_de, benevole_avaq, rdv, suivant):
    """Only a path of this site is followed; anything else, the day of the appointment."""
    response = client_de(benevole_avaq).post(
        f"/espace/rendez-vous/fiche/{rdv.pk}/presence/", {"statut": "venu", "next": suivant}
    )
    assert response.status_code == 302
    assert response.url == f"/espace/rendez-vous/{timezone.localdate(rdv.debut):%Y-%m-%d}/"


def test_day_list_query_count_does_not_grow(client_de, benevole_avaq, demarche, occurrence_du_jour):
    client = client_de(benevole_avaq)
    client.get("/espace/rendez-vous/")
    client.get("/espace/rendez-vous/")  # the session's copy serves from now (ruche.sessions)
    changer_version()  # rendered again, not from the cache (ruche.versions)
    with CaptureQueriesContext(connection) as few:
        client.get("/espace/rendez-vous/")
    for k in range(8):
        RendezVousFactory(
            occurrence=occurrence_du_jour,
            demarche=demarche,
            debut=occurrence_du_jour.debut + timedelta(hours=k + 1),
        )
    changer_version()
    with CaptureQueriesContext(connection) as many:
        client.get("/espace/rendez-vous/")
    assert len(many) == len(few)


def test_notes_only_for_the_handling_organisation(client_de, benevole_avaq, personnel, rdv):
    client = client_de(benevole_avaq)
    client.post(f"/espace/rendez-vous/fiche/{rdv.pk}/", {"notes": "Apporter l'avis d'imposition"})
    rdv.refresh_from_db()
    assert rdv.notes == "Apporter l'avis d'imposition"
    staff = client_de(personnel)
    page = staff.get(f"/espace/rendez-vous/fiche/{rdv.pk}/").content.decode()
    assert "Awa Diallo" in page and "avis d&#x27;imposition" not in page
    assert staff.post(f"/espace/rendez-vous/fiche/{rdv.pk}/", {"notes": "x"}).status_code == 403


def test_staff_book_a_referred_resident_and_volunteers_a_phone_booking(
    client_de, benevole_avaq, personnel, demarche
):
    occurrence = occurrence_pour(demarche, organisation=benevole_avaq.organisation)
    staff = client_de(personnel)
    page = staff.get(f"/espace/rendez-vous/nouveau/?demarche={demarche.pk}")
    slot = Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur
    assert slot in page.content.decode()
    response = staff.post(
        "/espace/rendez-vous/nouveau/",
        {
            "demarche": demarche.pk,
            "creneau": slot,
            "nom": "Jean Martin",
            "telephone": "06 98 76 54 32",
            "canal": "oriente_ruche",
        },
    )
    assert response.status_code == 302
    rdv = RendezVous.objects.get()
    assert (rdv.canal, rdv.cree_par) == ("oriente_ruche", personnel)

    volunteer = client_de(benevole_avaq)
    bad = volunteer.post(
        "/espace/rendez-vous/nouveau/",
        {"demarche": demarche.pk, "creneau": slot, "nom": "Awa", "canal": "oriente_ruche"},
    )
    form = bad.context["form"]
    assert "creneau" in form.errors and "telephone" in form.errors and "canal" in form.errors
    assert 'value="Awa"' in bad.content.decode()
    second = Creneau(
        occurrence.debut + timedelta(minutes=45), occurrence.debut, occurrence.pk
    ).valeur
    ok = volunteer.post(
        "/espace/rendez-vous/nouveau/",
        {
            "demarche": demarche.pk,
            "creneau": second,
            "nom": "Awa Diallo",
            "email": "awa@exemple.fr",
            "canal": "telephone",
        },
    )
    assert ok.status_code == 302
    for junk in ["abc", "999999"]:
        assert volunteer.get(f"/espace/rendez-vous/nouveau/?demarche={junk}").status_code == 200
        assert volunteer.post("/espace/rendez-vous/nouveau/", {"demarche": junk}).status_code == 200


def test_volunteers_cannot_book_another_organisations_session(client_de, demarche):
    other_session = occurrence_pour(demarche)
    volunteer = client_de(BenevoleFactory())
    slot = Creneau(other_session.debut, other_session.debut, other_session.pk).valeur
    page = volunteer.get(f"/espace/rendez-vous/nouveau/?demarche={demarche.pk}").content.decode()
    assert slot not in page
    response = volunteer.post(
        "/espace/rendez-vous/nouveau/",
        {
            "demarche": demarche.pk,
            "creneau": slot,
            "nom": "X",
            "telephone": "0612345678",
            "canal": "telephone",
        },
    )
    assert response.status_code == 200 and RendezVous.objects.count() == 0
