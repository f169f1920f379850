"""The drafting pages: who may open what, conflicts shown on "Vérifier", bad input kept."""

import datetime as dt

import pytest
import time_machine

from permanences.models import Calendrier, Permanence
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import (
    CalendrierFactory,
    DemarcheFactory,
    PermanenceFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendrier(benevole):
    return CalendrierFactory(organisation=benevole.organisation, annee=2030, semestre=1)


@pytest.fixture
def permanence(calendrier):
    return PermanenceFactory(calendrier=calendrier, salle=SalleFactory(nom="Salle Cèze"))


def pages(calendrier, permanence):
    base = f"/espace/calendriers/{calendrier.pk}/"
    return [
        ("get", "/espace/calendriers/"),
        ("get", base),
        ("get", f"{base}permanences/{permanence.pk}/"),
        ("post", f"{base}permanences/{permanence.pk}/retirer/"),
        ("post", f"{base}envoyer/"),
    ]


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize(
    ("role", "attendu"),
    [
        (None, 302),
        ("sans_role", 403),
        ("comite", 403),
        ("autre_benevole", 404),
        ("benevole", (200, 302)),
        ("personnel", (200, 302)),
    ],
)
def test_permission_grid(request, client_de, calendrier, permanence, role, attendu, index):
    if role == "autre_benevole":
        utilisateur = BenevoleFactory(organisation=OrganisationFactory())
    else:
        utilisateur = request.getfixturevalue(role) if role else None
    method, url = pages(calendrier, permanence)[index]
    status = getattr(client_de(utilisateur), method)(url).status_code
    if role == "autre_benevole" and index == 0:
        assert status == 200  # their own list, without this calendar
        return
    assert status in (attendu if isinstance(attendu, tuple) else (attendu,))


@pytest.mark.parametrize(("role", "attendu"), [("benevole", 403), ("personnel", 200)])
def test_only_staff_see_what_waits_for_validation(request, client_de, role, attendu):
    client = client_de(request.getfixturevalue(role))
    assert client.get("/espace/calendriers/a-valider/").status_code == attendu


def test_another_organisations_calendar_is_not_listed(client_de, benevole, calendrier):
    other = CalendrierFactory(annee=2030, semestre=1)
    page = client_de(benevole).get("/espace/calendriers/").content.decode()
    assert str(calendrier) in page and str(other) not in page


def test_a_volunteer_prepares_next_semester(client_de, benevole):
    client = client_de(benevole)
    with time_machine.travel(paris(2026, 11, 26, 10), tick=False):
        assert "Semestre prochain" in client.get("/espace/calendriers/").content.decode()
        response = client.post("/espace/calendriers/")
        again = client.post("/espace/calendriers/")
    calendrier = Calendrier.objects.get()
    assert (calendrier.organisation, calendrier.annee, calendrier.semestre) == (
        benevole.organisation,
        2027,
        1,
    )
    assert response.url == again.url == f"/espace/calendriers/{calendrier.pk}/"


def formulaire(**values):
    data = {
        "jour_semaine": "1",
        "heure_debut": "09:00",
        "heure_fin": "12:00",
        "accueil": Permanence.Accueil.LES_DEUX,
    }
    data.update(values)
    return data


def test_verifier_shows_the_conflicts_and_saves_nothing(client_de, benevole, calendrier):
    salle = SalleFactory(nom="Salle Cèze")
    ReservationSalleFactory(salle=salle, debut=paris(2030, 3, 5, 10), fin=paris(2030, 3, 5, 11))
    demarche = DemarcheFactory(nom="Renouvellement de titre de séjour")
    client = client_de(benevole)
    url = f"/espace/calendriers/{calendrier.pk}/"
    page = client.post(
        url,
        formulaire(salle=salle.pk, demarches=[demarche.pk], intervenants=[benevole.pk]),
    ).content.decode()
    assert "déjà réservée sur ce créneau : mardi 5 mars" in page
    assert "Pas de séance les jours fériés" in page  # 1 January 2030 is a Tuesday
    assert 'value="09:00"' in page and "checked" in page
    assert not Permanence.objects.exists()

    saved = client.post(url, formulaire(salle=salle.pk, demarches=[demarche.pk], action="ajouter"))
    assert saved.status_code == 302
    permanence = Permanence.objects.get()
    assert list(permanence.demarches.all()) == [demarche]
    page = client.get(url).content.decode()
    assert "déjà réservée sur ce créneau : mardi 5 mars" in page and "Réglez d'abord" in page

    edit = f"/espace/calendriers/{calendrier.pk}/permanences/{permanence.pk}/"
    other = SalleFactory(nom="Bureau 2")
    preview = client.post(edit, formulaire(salle=other.pk)).content.decode()
    assert "Aucun conflit" not in preview or "déjà réservée" not in preview
    assert "déjà réservée" not in preview
    client.post(edit, formulaire(salle=other.pk, action="enregistrer"))
    permanence.refresh_from_db()
    assert permanence.salle == other


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"jour_semaine": "9", "heure_debut": "25:99", "heure_fin": "x", "salle": "abc"},
        {"jour_semaine": "²", "salle": "99999999999999999999", "demarches": ["x", "-1"]},
        {"heure_debut": "12:00", "heure_fin": "09:00", "intervenants": ["0"], "accueil": "?"},
        {"action": "ajouter", "jour_semaine": "\x00", "heure_debut": "9" * 500},
    ],
)
def test_bad_input_is_answered_beside_the_field_and_kept(client_de, benevole, calendrier, data):
    client = client_de(benevole)
    response = client.post(f"/espace/calendriers/{calendrier.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    if data.get("heure_debut") == "12:00":
        assert "après l&#x27;heure de début" in response.content.decode()
        assert 'value="12:00"' in response.content.decode()
    assert not Permanence.objects.exists()


def test_junk_ids_in_urls_are_404(client_de, benevole, calendrier):
    client = client_de(benevole)
    assert client.get("/espace/calendriers/999999/").status_code == 404
    assert client.get(f"/espace/calendriers/{calendrier.pk}/permanences/999999/").status_code == 404
    assert client.post("/espace/calendriers/999999/envoyer/").status_code == 404


def test_staff_validate_or_send_back_from_their_page(client_de, benevole, personnel, permanence):
    calendrier = permanence.calendrier
    volunteer = client_de(benevole)
    volunteer.post(f"/espace/calendriers/{calendrier.pk}/envoyer/")
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.SOUMIS
    assert volunteer.post(f"/espace/calendriers/{calendrier.pk}/valider/").status_code == 403
    assert volunteer.post(f"/espace/calendriers/{calendrier.pk}/renvoyer/").status_code == 403

    staff = client_de(personnel)
    waiting = staff.get("/espace/calendriers/a-valider/").content.decode()
    assert str(calendrier) in waiting
    empty = staff.post(f"/espace/calendriers/{calendrier.pk}/renvoyer/", {"commentaire": " "})
    assert empty.status_code == 200 and "Dites ce qu" in empty.content.decode()
    staff.post(
        f"/espace/calendriers/{calendrier.pk}/renvoyer/",
        {"commentaire": "Prenez le bureau 2 le mardi."},
    )
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.RENVOYE
    page = client_de(benevole).get(f"/espace/calendriers/{calendrier.pk}/").content.decode()
    assert "Prenez le bureau 2 le mardi." in page
    client_de(benevole).post(f"/espace/calendriers/{calendrier.pk}/envoyer/")
    response = client_de(personnel).post(f"/espace/calendriers/{calendrier.pk}/valider/")
    assert response.status_code == 302
    calendrier.refresh_from_db()
    assert calendrier.statut == Calendrier.Statut.VALIDE
    assert calendrier.permanences.get().occurrences.filter(date=dt.date(2030, 1, 8)).exists()
    again = client_de(personnel).post(f"/espace/calendriers/{calendrier.pk}/valider/")
    assert again.status_code == 302


def test_the_day_board_tells_the_staff_what_waits(client_de, personnel, benevole, permanence):
    staff = client_de(personnel)
    assert "à valider" not in staff.get("/espace/journee/").content.decode()
    calendrier = permanence.calendrier
    calendrier.statut = Calendrier.Statut.SOUMIS  # saved, as the submission service does
    calendrier.save(update_fields=["statut"])
    page = staff.get("/espace/journee/").content.decode()
    assert "1 calendrier à valider." in page
    assert 'href="/espace/calendriers/a-valider/"' in page


def test_staff_validate_calendars_but_do_not_draft_one(client_de, personnel):
    staff = client_de(personnel)
    assert "Semestre prochain" not in staff.get("/espace/calendriers/").content.decode()
    response = staff.post("/espace/calendriers/", follow=True)
    assert "Seule une association partenaire" in response.content.decode()
    assert not Calendrier.objects.exists()
