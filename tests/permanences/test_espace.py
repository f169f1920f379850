"""The volunteers' space: who sees what, bad input, the day sheet and the calendar feed."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from permanences.models import JetonCalendrier, Occurrence, Permanence
from permanences.services.calendrier import annuler_occurrence
from tests.pdf import pdf_text
from tests.permanences.factories import (
    FermetureFactory,
    OccurrenceFactory,
    PermanenceFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("permanences:semaine", None),
    ("permanences:mois", None),
    ("permanences:jour", "jour"),
    ("permanences:reserver", None),
    ("permanences:agenda", None),
    ("permanences:annuler", "pk"),
    ("permanences:feuille", "pk"),
]


def url_of(name, arg, occurrence):
    if arg == "jour":
        return reverse(name, kwargs={"jour": occurrence.date})
    if arg == "pk":
        return reverse(name, kwargs={"pk": occurrence.pk})
    return reverse(name)


@pytest.mark.parametrize(("name", "arg"), PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonyme", 302),
        ("comite", 403),
        ("sans_role", 403),
        ("benevole", 200),
        ("personnel", 200),
    ],
)
def test_permission_grid(client_de, request, occurrence_du_jeudi, name, arg, role, expected):
    utilisateur = None if role == "anonyme" else request.getfixturevalue(role)
    url = url_of(name, arg, occurrence_du_jeudi)
    response = client_de(utilisateur).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "arg"), [page for page in PAGES if page[1] == "pk"])
def test_another_organisations_session_is_a_404(client_de, occurrence_du_jeudi, name, arg):
    stranger = BenevoleFactory()
    response = client_de(stranger).get(url_of(name, arg, occurrence_du_jeudi))
    assert response.status_code == 404
    response = client_de(stranger).post(
        reverse("permanences:annuler", kwargs={"pk": occurrence_du_jeudi.pk}), {"motif": "Essai"}
    )
    assert response.status_code == 404
    occurrence_du_jeudi.refresh_from_db()
    assert not occurrence_du_jeudi.est_annulee


@pytest.mark.parametrize("role", ["anonyme", "benevole", "comite", "personnel"])
def test_room_occupation_is_for_staff_only(client_de, request, role):
    utilisateur = None if role == "anonyme" else request.getfixturevalue(role)
    response = client_de(utilisateur).get(reverse("permanences:occupation"))
    assert response.status_code == {"anonyme": 302, "personnel": 200}.get(role, 403)


def test_volunteers_see_only_their_organisation(client_de, benevole, occurrence_du_jeudi):
    other = OccurrenceFactory(
        permanence=PermanenceFactory(salle=SalleFactory(nom="Salle Cèze")),
        date=dt.date(2026, 12, 3),
    )
    other.permanence.organisation.nom = "Club des aînés"
    other.permanence.organisation.save()
    html = client_de(benevole).get(reverse("permanences:semaine"), {"semaine": "2026-W49"})
    text = html.content.decode()
    assert "Bureau d&#x27;accueil 2" in text and "Salle Cèze" not in text
    day = client_de(benevole).get(reverse("permanences:jour", kwargs={"jour": other.date}))
    assert f"occurrence-{other.pk}" not in day.content.decode()


def test_staff_see_every_organisation(client_de, personnel, occurrence_du_jeudi):
    OccurrenceFactory(
        permanence=PermanenceFactory(salle=SalleFactory(nom="Salle Cèze")),
        date=dt.date(2026, 12, 3),
    )
    text = client_de(personnel).get("/espace/?semaine=2026-W49").content.decode()
    assert "Bureau d&#x27;accueil 2" in text and "Salle Cèze" in text


def test_week_view_defaults_to_this_week_and_shows_closures_and_holidays(
    client_de, benevole, occurrence_du_jeudi
):
    FermetureFactory()
    text = client_de(benevole).get(reverse("permanences:semaine")).content.decode()
    assert "Du lundi 23 novembre au dimanche 29 novembre 2026" in text
    assert "?semaine=2026-W47" in text and "?semaine=2026-W49" in text
    assert 'aria-current="date"' in text
    christmas = client_de(benevole).get("/espace/?semaine=2026-12-25").content.decode()
    assert "Noël" in christmas and "Fermeture de fin d&#x27;année" in christmas


def test_month_view_says_a_closure_once_a_week_not_once_a_day(client_de, benevole):
    FermetureFactory(debut=dt.date(2026, 9, 7), fin=dt.date(2026, 9, 16), motif="Travaux")
    text = client_de(benevole).get("/espace/mois/?mois=2026-09").content.decode()
    assert text.count("Travaux") == 2
    assert "Du lundi 7 septembre au dimanche 13 septembre" in text
    assert "Du lundi 14 septembre au mercredi 16 septembre" in text


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/espace/?semaine=2026-W60", "n&#x27;existe pas"),
        ("/espace/?semaine=n%27importe", "n&#x27;est pas comprise"),
        ("/espace/?semaine=99999-01-01", "n&#x27;est pas comprise"),
        ("/espace/?semaine=9999-12-31", "trop loin"),
        ("/espace/mois/?mois=2026-13", "n&#x27;existe pas"),
        ("/espace/mois/?mois=%00", "n&#x27;est pas comprise"),
        ("/espace/salles/?semaine=2026-W00", "n&#x27;existe pas"),
    ],
)
def test_malformed_periods_get_a_french_message(client_de, personnel, url, words):
    response = client_de(personnel).get(url)
    assert response.status_code == 400
    assert words in response.content.decode()


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "0000-01-01", "2026-1-1"])
def test_malformed_days_in_the_address_are_404(client_de, benevole, day):
    assert client_de(benevole).get(f"/espace/jour/{day}/").status_code == 404


@pytest.mark.parametrize("name", ["permanences:semaine", "permanences:occupation"])
def test_week_pages_make_a_fixed_number_of_queries(
    client_de, personnel, occurrence_du_jeudi, django_assert_max_num_queries, name
):
    client = client_de(personnel)
    # Cold: the data's version, then all; the staff member's places and the number of
    # places, read once per request; the partners' conventions in force (six queries:
    # conventions, committees, committees not held, breaches, amendments, parties); the
    # places the header speaks for and the accessibility status the footer gives, read once
    # per version of the data; the versions of the appointments the person sees, read apart
    # on their first request to the process (ruche.comptes reads them with the account's
    # afterwards).
    with django_assert_max_num_queries(21) as few:
        client.get(reverse(name), {"semaine": "2026-W49"})
    for week in range(1, 8):  # many more sessions and bookings that week
        permanence = PermanenceFactory(
            calendrier__annee=2026 + week, salle=SalleFactory(nom=f"Salle {week}")
        )
        OccurrenceFactory(permanence=permanence, date=dt.date(2026, 12, 1))
        ReservationSalleFactory(
            salle=permanence.salle, debut=paris(2026, 12, 2, 9), fin=paris(2026, 12, 2, 10)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name), {"semaine": "2026-W49"})


# Booking a room ----------------------------------------------------------------------


def reserver(client, **data):
    payload = {
        "date": "2026-12-10",
        "heure_debut": "09:00",
        "heure_fin": "11:00",
        "accueil": Permanence.Accueil.RENDEZ_VOUS,
        "action": "reserver",
    }
    payload.update(data)
    return client.post(reverse("permanences:reserver"), payload)


def test_a_volunteer_books_a_room(client_de, benevole, occurrence_du_jeudi):
    salle = SalleFactory(nom="Salle Cèze")
    response = reserver(client_de(benevole), salle=salle.pk, intervenants=[benevole.pk])
    assert response.status_code == 302
    assert response.url == "/espace/jour/2026-12-10/"
    occurrence = Occurrence.objects.get(date=dt.date(2026, 12, 10), reservation__salle=salle)
    assert occurrence.permanence.organisation == benevole.organisation
    assert occurrence.permanence.accueil == Permanence.Accueil.RENDEZ_VOUS


def test_a_clash_explains_and_offers_what_is_free_keeping_what_was_typed(
    client_de, benevole, occurrence_du_jeudi
):
    taken = occurrence_du_jeudi.salle
    free = SalleFactory(nom="Salle Cèze")
    response = reserver(
        client_de(benevole),
        date="2026-12-03",
        heure_debut="15:00",
        heure_fin="16:00",
        salle=taken.pk,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cette salle est déjà réservée sur ce créneau." in text
    assert "Salle Cèze" in text and f"salle={free.pk}" in text
    assert "heure_debut=13:00&amp;heure_fin=14:00" in text  # a free hour of the same room
    assert 'value="2026-12-03"' in text and 'value="15:00"' in text
    assert Occurrence.objects.filter(date=dt.date(2026, 12, 3)).count() == 1


def test_searching_shows_only_free_rooms(client_de, benevole, occurrence_du_jeudi):
    SalleFactory(nom="Salle Cèze")
    response = reserver(
        client_de(benevole),
        date="2026-12-03",
        heure_debut="15:00",
        heure_fin="16:00",
        action="chercher",
    )
    text = response.content.decode()
    assert "1 salle libre à ce moment." in text
    assert "Salle Cèze" in text and "Bureau d&#x27;accueil 2 (" not in text
    assert (
        not Occurrence.objects.filter(date=dt.date(2026, 12, 3))
        .exclude(pk=occurrence_du_jeudi.pk)
        .exists()
    )


@pytest.mark.parametrize(
    ("jour", "raison"),
    [("2026-12-28", "La Ruche est fermée ce jour-là"), ("2026-12-25", "férié (Noël)")],
)
def test_searching_on_a_closed_day_offers_no_room(client_de, benevole, jour, raison):
    """The list applies the booking's closure rule: no room it would then refuse."""
    FermetureFactory()
    SalleFactory(nom="Salle Cèze")
    response = reserver(client_de(benevole), date=jour, action="chercher")
    text = response.content.decode()
    assert raison in text
    assert "salle libre à ce moment" not in text and "salles libres à ce moment" not in text
    assert not Occurrence.objects.exists()


@pytest.mark.parametrize(
    ("data", "field_words"),
    [
        ({"heure_debut": "11:00", "heure_fin": "09:00"}, "après l&#x27;heure de début"),
        ({"date": "2026-12-28"}, "La Ruche est fermée ce jour-là"),
        ({"date": "2026-12-25"}, "férié (Noël)"),
        ({"date": "2026-11-02"}, "déjà passé"),
        ({"date": "2026-02-30"}, "Saisissez une date valide"),
        ({"heure_debut": "9h"}, "Saisissez une heure valide"),
        ({"salle": "999999"}, "Sélectionnez un choix valide"),
        ({"salle": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_bookings_are_explained_beside_the_field(client_de, benevole, data, field_words):
    FermetureFactory()
    salle = SalleFactory(nom="Salle Cèze")
    response = reserver(client_de(benevole), **{"salle": salle.pk, **data})
    assert response.status_code == 200
    text = response.content.decode()
    assert field_words in text
    assert "La salle n'est pas réservée" in text
    assert not Occurrence.objects.exists()


def test_staff_book_for_an_organisation(client_de, personnel, benevole):
    salle = SalleFactory(nom="Salle Cèze")
    response = reserver(client_de(personnel), salle=salle.pk, organisation=benevole.organisation.pk)
    assert response.status_code == 302
    assert Occurrence.objects.get().permanence.organisation == benevole.organisation


def test_the_form_is_prefilled_from_an_alternative_link(client_de, benevole):
    salle = SalleFactory(nom="Salle Cèze")
    response = client_de(benevole).get(
        reverse("permanences:reserver"),
        {"date": "2026-12-03", "heure_debut": "08:30", "heure_fin": "10:30", "salle": salle.pk},
    )
    text = response.content.decode()
    assert 'value="2026-12-03"' in text and 'value="08:30"' in text


# Cancelling --------------------------------------------------------------------------


def test_cancel_asks_for_confirmation_then_marks_it_not_held(
    client_de, benevole, occurrence_du_jeudi, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_de(benevole)
    url = reverse("permanences:annuler", kwargs={"pk": occurrence_du_jeudi.pk})
    page = client.get(url).content.decode()
    assert "Oui, annuler cette permanence" in page and "csrfmiddlewaretoken" in page
    empty = client.post(url, {"motif": "  "})
    assert "Ce champ est obligatoire" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"motif": "Le conseiller est malade."}, follow=True)
    assert "est annulée" in done.content.decode()
    occurrence_du_jeudi.refresh_from_db()
    assert occurrence_du_jeudi.est_annulee and len(mailoutbox) == 1
    assert Occurrence.objects.filter(pk=occurrence_du_jeudi.pk).exists()
    again = client.get(url).content.decode()
    assert "déjà annulée" in again


def test_cancel_needs_csrf(benevole, occurrence_du_jeudi):
    client = Client(enforce_csrf_checks=True)
    client.force_login(benevole)
    url = reverse("permanences:annuler", kwargs={"pk": occurrence_du_jeudi.pk})
    assert client.post(url, {"motif": "Sans jeton"}).status_code == 403
    occurrence_du_jeudi.refresh_from_db()
    assert not occurrence_du_jeudi.est_annulee


# The day sheet and the calendar feed ------------------------------------------------------


def test_day_sheet_pdf_says_when_where_who_and_has_lines_to_sign(
    client_de, benevole, occurrence_du_jeudi
):
    response = client_de(benevole).get(
        reverse("permanences:feuille", kwargs={"pk": occurrence_du_jeudi.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(pdf_text(response.content)).split())  # the PDF wraps cells
    for words in [
        "Jeudi 3 décembre 2026",
        "14:00 – 17:00",
        "Bureau d'accueil 2",
        benevole.get_full_name(),
        "Signature",
        "Nom et prénom",
    ]:
        assert words in text


def test_calendar_feed_lifecycle(client_de, benevole, occurrence_du_jeudi):
    space = client_de(benevole)
    phone = Client()  # the phone's calendar app: not logged in
    space.post(reverse("permanences:agenda"), {"action": "creer"})
    jeton = JetonCalendrier.objects.get(utilisateur=benevole)
    page = space.get(reverse("permanences:agenda")).content.decode()
    assert f"/agenda/{jeton.cle}.ics" in page and "webcal://" in page

    other = OccurrenceFactory(date=dt.date(2026, 12, 8))  # another organisation's
    annuler_occurrence(
        occurrence=Occurrence.objects.get(
            permanence=occurrence_du_jeudi.permanence, date="2026-12-10"
        ),
        motif="Formation",
        par=benevole,
    )
    feed = phone.get(reverse("permanences:agenda_ics", kwargs={"cle": jeton.cle}))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert f"seance-{occurrence_du_jeudi.pk}@ruche-numerique" in events
    assert f"seance-{other.pk}@ruche-numerique" not in events
    statuses = {str(e["STATUS"]) for e in events.values()}
    assert statuses == {"CONFIRMED", "CANCELLED"}
    event = events[f"seance-{occurrence_du_jeudi.pk}@ruche-numerique"]
    assert event.decoded("DTSTART") == paris(2026, 12, 3, 14)
    assert "Bureau d'accueil 2" in str(event["LOCATION"])

    space.post(reverse("permanences:agenda"), {"action": "changer"})
    assert phone.get(f"/agenda/{jeton.cle}.ics").status_code == 404
    new = JetonCalendrier.objects.get(utilisateur=benevole)
    assert phone.get(f"/agenda/{new.cle}.ics").status_code == 200
    space.post(reverse("permanences:agenda"), {"action": "supprimer"})
    assert phone.get(f"/agenda/{new.cle}.ics").status_code == 404
    assert not JetonCalendrier.objects.exists()


def test_feed_of_a_person_who_lost_the_role_is_404(client, benevole):
    jeton = JetonCalendrier.objects.create(utilisateur=benevole)
    benevole.groups.clear()
    assert client.get(f"/agenda/{jeton.cle}.ics").status_code == 404
    assert client.get("/agenda/pas-une-cle.ics").status_code == 404


def test_menu_links_to_the_space(client_de, benevole):
    text = client_de(benevole).get("/").content.decode()
    assert 'href="/espace/"' in text and "Mon espace" in text
