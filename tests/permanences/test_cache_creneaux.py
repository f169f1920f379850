"""The free slots residents see come from a shared cache keyed by the slots' version: every
write that changes them gives a new version in its own transaction, so the next page shows
the change at once; a stale list can never double-book; query counts do not grow with data."""

from datetime import date, timedelta
from html import unescape

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from permanences.creneaux import Creneau
from permanences.models import RendezVous
from permanences.services.calendrier import annuler_occurrence
from permanences.services.disponibilites import creneaux_publics, version_de
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from tests.permanences.factories import (
    AtelierFactory,
    FermetureFactory,
    RendezVousFactory,
    occurrence_pour,
    paris,
    saisie_habitant,
)

pytestmark = pytest.mark.django_db

PAGE = "/rendez-vous/titre-de-sejour/"


def lien(occurrence, minutes=0):
    debut = occurrence.debut + timedelta(minutes=minutes)
    return f"?creneau={Creneau(debut, debut, occurrence.pk).valeur}"


def page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_a_booking_takes_the_slot_off_the_cached_page_at_once(client, demarche, occurrence):
    assert lien(occurrence) in page(client)
    assert lien(occurrence) in page(client)  # now served from the cache
    reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut,
        nom="Awa",
        telephone="0612",
    )
    shown = page(client)
    assert lien(occurrence) not in shown and lien(occurrence, 45) in shown


def test_a_cancellation_frees_the_slot_at_once(client, demarche, occurrence):
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    assert lien(occurrence) not in page(client)
    annuler_rendez_vous(rendez_vous=rdv)
    assert lien(occurrence) in page(client)


def test_a_closure_hides_the_day_at_once(client, demarche, occurrence):
    assert lien(occurrence) in page(client)
    FermetureFactory(debut=occurrence.date, fin=occurrence.date, motif="Inventaire")
    assert lien(occurrence) not in page(client)


def test_a_cancelled_session_and_a_changed_demarche_show_at_once(client, demarche, personnel):
    occurrence = occurrence_pour(demarche)
    autre = occurrence_pour(demarche, jour=occurrence.date + timedelta(days=1))
    assert lien(occurrence) in page(client) and lien(autre) in page(client)
    annuler_occurrence(occurrence=occurrence, motif="Formation", par=personnel)
    assert lien(occurrence) not in page(client)
    demarche.duree_minutes = 60
    demarche.save()
    shown = page(client)
    assert lien(autre, 60) in shown and lien(autre, 45) not in shown


def test_each_write_gives_a_new_version_and_a_failed_one_does_not(demarche, occurrence):
    before = version_de(demarche)
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    assert version_de(demarche) != before
    before = version_de(demarche)
    with pytest.raises(ValidationError):  # the same slot again: refused
        reserver_rendez_vous(
            occurrence=occurrence, demarche=demarche, debut=rdv.debut, nom="Bis", telephone="06"
        )
    assert version_de(demarche) == before


def test_a_stale_list_never_double_books(client, demarche, occurrence):
    """A write the version did not see (a bulk insert): the page still offers the slot, the
    booking re-checks under the session's row lock and says it was just taken."""
    assert lien(occurrence) in page(client)
    RendezVous.objects.bulk_create(
        [
            RendezVous(
                occurrence=occurrence,
                demarche=demarche,
                debut=occurrence.debut,
                fin=occurrence.debut + timedelta(minutes=45),
                nom="Sans signal",
                telephone="0612345678",
            )
        ]
    )
    assert lien(occurrence) in page(client)  # stale, as expected without a new version
    response = client.post(
        f"{PAGE}reserver/", saisie_habitant(creneau=lien(occurrence).removeprefix("?creneau="))
    )
    assert response.status_code == 409
    assert RendezVous.objects.filter(occurrence=occurrence).count() == 1


def test_slots_leave_the_cached_list_when_their_time_passes(demarche, django_assert_num_queries):
    """The cached list is cut to each request's booking window: a slot that came closer than
    the minimal delay is gone from the next page, with no recomputation."""
    occurrence = occurrence_pour(demarche, jour=date(2027, 1, 5))  # 9:00-12:00, slots of 45 minutes
    avant = paris(2027, 1, 5, 6, 50)  # the minimal delay is 2 hours: 8:50 is the earliest
    with time_machine.travel(avant, tick=False):
        assert [s[1] for s in creneaux_publics(demarche=demarche)] == [
            paris(2027, 1, 5, 9, m).timestamp() for m in (0, 45)
        ] + [paris(2027, 1, 5, 10, 30).timestamp(), paris(2027, 1, 5, 11, 15).timestamp()]
    with (
        time_machine.travel(avant + timedelta(minutes=20), tick=False),
        django_assert_num_queries(1),  # the version: the list comes from the cache
    ):
        slots = creneaux_publics(demarche=demarche)
    assert [s[1] for s in slots][0] == paris(2027, 1, 5, 9, 45).timestamp()
    assert {s[0] for s in slots} == {occurrence.pk}


def remplir(demarche, semaines):
    """`semaines` weeks of sessions, each half booked."""
    for jour in range(2, semaines * 7, 2):  # even days: the `occurrence` fixture is on day 7
        occurrence = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=jour))
        RendezVousFactory(occurrence=occurrence, demarche=demarche)


@pytest.mark.parametrize("semaines", [1, 8])
def test_the_slot_page_costs_the_same_queries_with_more_data(
    client, demarche, semaines, django_assert_num_queries
):
    remplir(demarche, semaines)
    # Cold: the page's versions (the network's and the pages' under no place's address),
    # the places (places, hours, today's closures), the place's version (its slots'), the
    # démarches, the démarche's summary of free slots (none at this version), then
    # sessions, the partners' conventions (five queries: conventions, committees, breaches,
    # amendments, parties), bookings and closures, once, the summary written, the partners
    # presented today (places, conventions with committees, missed committees, breaches,
    # amendments and parties, their organisations: eight queries, kept at the place's
    # version and the day) and the accessibility status the footer gives.
    with django_assert_num_queries(25):
        assert client.get(PAGE).status_code == 200
    # Warm: the page's versions, whatever the number of sessions and bookings.
    with django_assert_num_queries(1):
        assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("nombre", [1, 8])
def test_the_workshop_list_costs_the_same_queries_whatever_the_workshops(
    client, nombre, django_assert_num_queries
):
    for jours in range(nombre):
        AtelierFactory(debut=timezone.now() + timedelta(days=10 + 3 * jours))
    # The page's versions, the places (places, hours, today's closures), the place's
    # version, the workshops, then their partners' conventions (five queries), whatever
    # their number: a workshop dated after its partner's convention ends is not offered;
    # the partners presented today (eight queries, as on the slot page); the accessibility
    # status. Then the whole page from the cache: the page's versions.
    for nombre_de_requetes in (20, 1):
        with django_assert_num_queries(nombre_de_requetes):
            assert client.get("/ateliers/").status_code == 200


def test_the_cached_workshop_list_shows_a_registration_at_once(client):
    atelier = AtelierFactory(capacite=1)
    assert "1 place libre" in client.get("/ateliers/").content.decode()
    atelier.inscriptions.create(nom="Awa", telephone="0612345678")
    assert "Complet" in client.get("/ateliers/").content.decode()


@pytest.mark.parametrize("semaines", [1, 8])
def test_the_booking_form_of_an_offered_slot_costs_the_same_queries(
    client, demarche, occurrence, semaines, django_assert_num_queries
):
    remplir(demarche, semaines)
    client.get(PAGE)
    with django_assert_num_queries(2):  # the page's versions, the place's (its slots')
        response = client.get(f"{PAGE}reserver/{lien(occurrence)}")
    assert response.status_code == 200 and 'name="creneau"' in response.content.decode()


def test_the_booking_form_of_a_slot_just_taken_says_so(client, demarche, occurrence):
    client.get(PAGE)
    RendezVousFactory(occurrence=occurrence, demarche=demarche)
    response = client.get(f"{PAGE}reserver/{lien(occurrence)}")
    assert "vient de prendre cette heure" in unescape(response.content.decode())


def test_cached_empty_contact_fields_keep_each_form_own_wording(client, demarche, occurrence):
    """The booking and workshop forms share the contact fields; each keeps its own consent."""
    atelier = AtelierFactory()
    for _ in range(2):
        booking = unescape(client.get(f"{PAGE}reserver/{lien(occurrence)}").content.decode())
        workshop = unescape(client.get(f"/ateliers/{atelier.pk}/").content.decode())
        assert "pour ce rendez-vous" in booking and "pour cet atelier" in workshop
        assert 'name="nom"' in booking and 'name="nom"' in workshop
    valeur = lien(occurrence).removeprefix("?creneau=")
    typed = client.post(f"{PAGE}reserver/", saisie_habitant(creneau=valeur, telephone=""))
    assert 'value="Awa Diallo"' in typed.content.decode()  # bound: rendered, not cached


# --- The convention's term: an ending, a breach, an amendment shows at once ---------------


def _fin_de_partenariat(convention, jour):
    """Each write that ends a partnership on `jour` (the first day no longer in force)."""
    from tests.partenariats.factories import (
        AvenantFactory,
        ManquementFactory,
        ResiliationFactory,
    )

    return {
        "résiliation": lambda: ResiliationFactory(convention=convention, date=jour),
        "rupture (article 3)": lambda: ManquementFactory(
            convention=convention, article=3, notifie_le=jour, recue_le=jour
        ),
        "avenant": lambda: AvenantFactory(
            convention=convention,
            date=timezone.localdate(),
            prend_effet_le=timezone.localdate(),
            nouvelle_fin=jour - timedelta(days=1),
            sans_reconduction=True,
        ),
        "fin non reconduite": lambda: _sans_reconduction(convention),
    }


def _sans_reconduction(convention):
    convention.reconduction_tacite = False
    convention.premiere_fin = timezone.localdate() + timedelta(days=2)
    convention.save()


@pytest.mark.parametrize(
    "ecriture", ["résiliation", "rupture (article 3)", "avenant", "fin non reconduite"]
)
def test_an_ending_partnership_takes_its_slots_off_the_cached_page_at_once(
    client, demarche, ecriture
):
    from tests.partenariats.factories import ConventionFactory, PartieFactory

    partie = PartieFactory(
        convention=ConventionFactory(
            debut=timezone.localdate() - timedelta(days=400),
            premiere_fin=timezone.localdate() + timedelta(days=300),
        )
    )
    occurrence = occurrence_pour(demarche, organisation=partie.organisation)
    assert lien(occurrence) in page(client)
    assert lien(occurrence) in page(client)  # now served from the cache
    _fin_de_partenariat(partie.convention, timezone.localdate() + timedelta(days=3))[ecriture]()
    assert lien(occurrence) not in page(client)


def test_a_breach_notified_today_hides_the_slots_past_its_lapse_at_once(client, demarche):
    """Article 6: the convention lapses one month after the letter is received."""
    from tests.partenariats.factories import ConventionFactory, ManquementFactory, PartieFactory

    demarche.delai_max_jours = 60
    demarche.save()
    partie = PartieFactory(
        convention=ConventionFactory(
            debut=timezone.localdate() - timedelta(days=400),
            premiere_fin=timezone.localdate() + timedelta(days=300),
        )
    )
    proche = occurrence_pour(demarche, organisation=partie.organisation)
    loin = occurrence_pour(
        demarche,
        organisation=partie.organisation,
        jour=timezone.localdate() + timedelta(days=45),
    )
    for _ in range(2):  # the second from the cache
        assert {s[0] for s in creneaux_publics(demarche=demarche)} == {proche.pk, loin.pk}
    ManquementFactory(
        convention=partie.convention,
        notifie_le=timezone.localdate(),
        recue_le=timezone.localdate(),
    )
    assert {s[0] for s in creneaux_publics(demarche=demarche)} == {proche.pk}


def test_a_partner_brought_under_a_convention_gets_its_slots_at_once(client, demarche):
    """An organisation without a convention in force offers no slot (Article 1); recording
    one shows its slots at once."""
    from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory

    organisation = OrganisationFactory(en_convention=False)
    occurrence = occurrence_pour(demarche, organisation=organisation)
    assert lien(occurrence) not in page(client)
    assert lien(occurrence) not in page(client)  # from the cache
    PartieFactory(
        organisation=organisation,
        convention=ConventionFactory(
            debut=timezone.localdate() - timedelta(days=30),
            premiere_fin=timezone.localdate() + timedelta(days=400),
        ),
    )
    assert lien(occurrence) in page(client)


def _lit_les_rendez_vous(requetes):
    return any('"permanences_rendezvous"' in q["sql"] for q in requetes.captured_queries)


def test_a_booking_refreshes_its_demarche_summary_and_no_reader_reads_every_booking(
    demarche, occurrence
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from permanences.models import CreneauxLibres

    creneaux_publics(demarche=demarche)  # the summary at this version
    rdv = reserver_rendez_vous(
        occurrence=occurrence,
        demarche=demarche,
        debut=occurrence.debut,
        nom="Awa Diallo",
        telephone="0612345678",
    )
    resume = CreneauxLibres.objects.get(demarche=demarche)
    assert resume.version == version_de(demarche)  # by the booking, at its version
    debuts = [debut for _pk, debut, _fin in resume.creneaux]
    assert int(rdv.debut.timestamp()) not in debuts
    assert int((rdv.debut + timedelta(minutes=45)).timestamp()) in debuts
    cache.clear()  # a cache emptied, another process: one row, not every booking
    with CaptureQueriesContext(connection) as requetes:
        libres = creneaux_publics(demarche=demarche)
    assert not _lit_les_rendez_vous(requetes) and len(requetes) == 2
    assert [c[1] for c in libres] == [d for d in debuts if d in {c[1] for c in libres}]
    # A cancellation frees the slot in the summary the same way.
    annuler_rendez_vous(rendez_vous=rdv, par=None)
    cache.clear()
    with CaptureQueriesContext(connection) as requetes:
        libres = creneaux_publics(demarche=demarche)
    assert not _lit_les_rendez_vous(requetes)
    assert int(rdv.debut.timestamp()) in [c[1] for c in libres]


def test_a_summary_at_another_version_is_computed_again(demarche, occurrence):
    from django.core.cache import cache

    from permanences.models import CreneauxLibres

    creneaux_publics(demarche=demarche)
    RendezVousFactory(occurrence=occurrence, demarche=demarche)  # no service: only a version
    cache.clear()
    libres = creneaux_publics(demarche=demarche)
    assert int(occurrence.debut.timestamp()) not in [c[1] for c in libres]
    assert CreneauxLibres.objects.get(demarche=demarche).version == version_de(demarche)
