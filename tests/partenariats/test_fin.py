"""The term rules operations: nothing after the end, and the confirmed ending (PostgreSQL)."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from partenariats.models import Resiliation
from partenariats.services.fin import apercu_fin, mettre_fin
from permanences.models import Atelier, Inscription, Occurrence, RendezVous, ReservationSalle
from permanences.services.calendrier import reserver_permanence_ponctuelle
from permanences.services.salles import reserver_salle
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    ResiliationFactory,
    RucheFactory,
)
from tests.permanences.factories import (
    AtelierFactory,
    CalendrierFactory,
    DemarcheFactory,
    InscriptionFactory,
    OccurrenceFactory,
    PermanenceFactory,
    RendezVousFactory,
    ReservationSalleFactory,
    SalleFactory,
    paris,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

# The week of Monday 7 December 2026; the convention ends on Tuesday the 8th (last day).
SEMAINE = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(5)]
PLUS_EN_VIGUEUR = dt.date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _fin_novembre():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def partenaire(db):
    return OrganisationFactory(
        nom="Aide à la Valorisation des Quartiers", sigle="A.V.A.Q.B-C", en_convention=False
    )


@pytest.fixture
def convention(partenaire):
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    return convention


@pytest.fixture
def personnel(db):
    return PersonnelFactory()


@pytest.fixture
def semaine(partenaire):
    """A session each day of the week, appointments, a workshop and an extra room booking."""
    calendrier = CalendrierFactory(organisation=partenaire, annee=2026, semestre=2)
    permanence = PermanenceFactory(calendrier=calendrier, salle=SalleFactory(nom="Bureau 1"))
    demarche = DemarcheFactory(slug="titre-de-sejour")
    occurrences = [OccurrenceFactory(permanence=permanence, date=jour) for jour in SEMAINE]

    def rdv(occurrence, rang, email, nom):
        debut = occurrence.debut + dt.timedelta(minutes=45 * rang)
        return RendezVousFactory(
            occurrence=occurrence, demarche=demarche, debut=debut, email=email, nom=nom
        )

    rdv(occurrences[0], 0, "bruno@exemple.fr", "Bruno Martin")  # Monday: kept
    rdv(occurrences[1], 0, "chloe@exemple.fr", "Chloé Petit")  # Tuesday, the last day: kept
    rdv(occurrences[2], 0, "bruno@exemple.fr", "Bruno Martin")  # Wednesday
    rdv(occurrences[3], 0, "awa@exemple.fr", "Awa Diallo")  # Thursday
    rdv(occurrences[4], 1, "AWA@exemple.fr", "Awa Diallo")  # Friday, same person
    atelier = AtelierFactory(
        organisation=partenaire,
        debut=paris(2026, 12, 10, 14),
        fin=paris(2026, 12, 10, 16),
        capacite=1,
    )
    InscriptionFactory(atelier=atelier, email="awa@exemple.fr", telephone="")
    InscriptionFactory(
        atelier=atelier,
        email="denis@exemple.fr",
        statut=Inscription.Statut.EN_ATTENTE,
        position=1,
    )
    salle = SalleFactory(nom="Salle Cèze")
    for jour in (SEMAINE[1], SEMAINE[4]):
        ReservationSalleFactory(
            salle=salle,
            organisation=partenaire,
            debut=paris(jour.year, jour.month, jour.day, 14),
            fin=paris(jour.year, jour.month, jour.day, 15),
            objet=ReservationSalle.Objet.AUTRE,
        )
    return occurrences


def test_ending_in_the_middle_of_a_booked_week_cancels_exactly_what_is_after(
    convention, semaine, personnel, django_capture_on_commit_callbacks
):
    apercu = apercu_fin(convention, PLUS_EN_VIGUEUR)
    compte = {r.cle: r.nombre for r in apercu.rubriques}
    assert compte == {
        "occurrences": 3,
        "rendez_vous": 3,
        "ateliers": 1,
        "inscriptions": 2,
        "salles": 1,
    }
    assert Resiliation.objects.count() == 0  # the preview records nothing
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fait = mettre_fin(
            convention=convention,
            par=personnel,
            resilier_le=PLUS_EN_VIGUEUR,
            motif_resiliation="L'association cesse ses activités.",
        )

    assert {r.cle: r.nombre for r in fait.rubriques} == compte
    statuts = dict(Occurrence.objects.values_list("date", "statut"))
    assert [statuts[jour] for jour in SEMAINE] == ["prevue"] * 2 + ["annulee"] * 3
    annules = RendezVous.objects.filter(statut=RendezVous.Statut.ANNULE_ASSOCIATION)
    assert {timezone_date(r.debut) for r in annules} == set(SEMAINE[2:])
    assert RendezVous.objects.reserves().count() == 2
    assert not Inscription.objects.exclude(statut=Inscription.Statut.ANNULE).exists()
    assert not Atelier.objects.a_venir().exists()  # gone from the public list
    autres = ReservationSalle.objects.filter(objet=ReservationSalle.Objet.AUTRE)
    assert sorted(autres.values_list("annulee", flat=True)) == [False, True]

    # Each resident concerned gets exactly one message, whatever they had booked.
    par_adresse = Counter(a.lower() for m in mail.outbox for a in m.to)
    assert par_adresse == {"bruno@exemple.fr": 1, "awa@exemple.fr": 1, "denis@exemple.fr": 1}
    assert fait.personnes_prevenues == 3
    awa = next(m for m in mail.outbox if m.to == ["awa@exemple.fr"])
    # Nobody else holds her démarche: no link to an empty list, but whom to call.
    assert "Choisir un autre moment" not in awa.body
    assert awa.body.count("Il n'y a plus ") == 3
    assert "Pour trouver une autre aide" in awa.body

    # Confirming again cancels nothing more and tells nobody again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        encore = mettre_fin(convention=convention, par=personnel)
    assert encore.rubriques and all(r.nombre == 0 for r in encore.rubriques)
    assert mail.outbox == []


def timezone_date(moment):
    from django.utils import timezone

    return timezone.localdate(moment)


def test_nothing_can_be_booked_after_the_end_by_anyone(convention, partenaire, personnel):
    ResiliationFactory(convention=convention, date=PLUS_EN_VIGUEUR)
    salle = SalleFactory(nom="Bureau 2")
    with pytest.raises(ValidationError) as erreur:
        reserver_salle(
            salle=salle,
            organisation=partenaire,
            debut=paris(2026, 12, 9, 9),
            fin=paris(2026, 12, 9, 10),
            objet=ReservationSalle.Objet.AUTRE,
        )
    assert "n'est plus en vigueur après le 8 décembre 2026" in erreur.value.message_dict["debut"][0]
    # The last day is still possible.
    reserver_salle(
        salle=salle,
        organisation=partenaire,
        debut=paris(2026, 12, 8, 9),
        fin=paris(2026, 12, 8, 10),
        objet=ReservationSalle.Objet.AUTRE,
    )
    # A volunteer's extra permanence: the message is beside the date.
    benevole = BenevoleFactory(organisation=partenaire)
    with pytest.raises(ValidationError) as erreur:
        reserver_permanence_ponctuelle(
            organisation=partenaire,
            salle=salle,
            date=dt.date(2026, 12, 10),
            heure_debut=dt.time(9),
            heure_fin=dt.time(12),
            demarches=[],
            intervenants=[],
            par=benevole,
        )
    assert "rien ne peut être prévu" in erreur.value.message_dict["date"][0]
    # The Ruche's own bookings are not bound by a partner's convention.
    ruche = RucheFactory()
    reserver_salle(
        salle=salle,
        organisation=ruche,
        debut=paris(2026, 12, 10, 9),
        fin=paris(2026, 12, 10, 10),
        objet=ReservationSalle.Objet.AUTRE,
    )


def test_a_referral_after_the_end_is_refused(convention, semaine):
    ResiliationFactory(convention=convention, date=PLUS_EN_VIGUEUR)
    occurrence = semaine[3]
    rdv = RendezVous(
        occurrence=occurrence,
        demarche=DemarcheFactory(slug="titre-de-sejour"),
        debut=occurrence.debut + dt.timedelta(minutes=90),
        fin=occurrence.debut + dt.timedelta(minutes=135),
        nom="Eve Durand",
        telephone="06 11 22 33 44",
        canal=RendezVous.Canal.ORIENTE_RUCHE,
    )
    with pytest.raises(ValidationError, match="rien ne peut être prévu"):
        rdv.full_clean()


def test_an_admin_post_after_the_end_is_refused_beside_the_field(client, convention, partenaire):
    ResiliationFactory(convention=convention, date=PLUS_EN_VIGUEUR)
    client.force_login(PersonnelFactory(is_superuser=True))
    salle = SalleFactory(nom="Bureau 2")
    response = client.post(
        reverse("admin:permanences_reservationsalle_add"),
        {
            "salle": salle.pk,
            "organisation": partenaire.pk,
            "debut_0": "2026-12-10",
            "debut_1": "09:00",
            "fin_0": "2026-12-10",
            "fin_1": "10:00",
            "objet": "autre",
        },
    )
    assert response.status_code == 200
    assert "rien ne peut être prévu" in str(response.context["adminform"].form.errors["debut"])
    assert not ReservationSalle.objects.exists()
    # A workshop in the admin too.
    response = client.post(
        reverse("admin:permanences_atelier_add"),
        {
            "titre": "Premiers pas",
            "description": "",
            "public": "seniors",
            "organisation": partenaire.pk,
            "salle": salle.pk,
            "debut_0": "2026-12-10",
            "debut_1": "14:00",
            "fin_0": "2026-12-10",
            "fin_1": "16:00",
            "capacite": "4",
            "inscriptions-TOTAL_FORMS": "0",
            "inscriptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "rien ne peut être prévu" in str(response.context["adminform"].form.errors["debut"])


def test_the_ending_page_shows_then_confirms(client, convention, semaine, personnel):
    client.force_login(personnel)
    url = reverse("partenariats:fin", args=[convention.pk])
    page = client.get(url).content.decode()
    assert 'name="motif"' in page  # no end yet: a termination is asked for
    response = client.post(url, {"date": "2026-12-09", "motif": "Fin d'activité"})
    page = response.content.decode()
    assert "mardi 8 décembre 2026" in page and "Confirmer la fin" in page
    assert Occurrence.objects.filter(statut="annulee").count() == 0
    response = client.post(url, {"date": "2026-12-09", "motif": "Fin", "confirmer": "1"})
    assert response.status_code == 302
    assert Occurrence.objects.filter(statut="annulee").count() == 3


@pytest.mark.parametrize(
    "donnees",
    [
        {},
        {"date": "2026-02-30", "motif": "x"},
        {"date": "demain", "motif": "x"},
        {"date": "9999-12-31", "motif": "x"},
        {"date": "0001-01-01", "motif": "x"},
        {"date": "2026-12-09"},
        {"date": "2026-12-09", "motif": "x" * 5000},
        {"date": "2023-01-01", "motif": "x", "confirmer": "1"},
        {"date": ["2026-12-09", "2027-01-01"], "motif": "\x00", "confirmer": "oui"},
    ],
)
def test_the_ending_page_never_fails_on_bad_input(client, convention, personnel, donnees):
    client.force_login(personnel)
    response = client.post(reverse("partenariats:fin", args=[convention.pk]), donnees)
    assert response.status_code == 200
    assert not Resiliation.objects.exists()


def test_the_ending_page_is_for_staff_only(client, convention, partenaire):
    client.force_login(BenevoleFactory(organisation=partenaire))
    response = client.post(
        reverse("partenariats:fin", args=[convention.pk]),
        {"date": "2026-12-09", "motif": "x", "confirmer": "1"},
    )
    assert response.status_code in (403, 404)
    assert not Resiliation.objects.exists()
    assert client.get(reverse("partenariats:fin", args=[987654])).status_code in (403, 404)


def test_a_late_confirmation_leaves_what_has_already_happened(
    convention, partenaire, personnel, django_capture_on_commit_callbacks
):
    ResiliationFactory(convention=convention, date=dt.date(2026, 11, 20))
    calendrier = CalendrierFactory(organisation=partenaire, annee=2026, semestre=2)
    permanence = PermanenceFactory(calendrier=calendrier, salle=SalleFactory(nom="Bureau 1"))
    passee = OccurrenceFactory(permanence=permanence, date=dt.date(2026, 11, 23))
    a_venir = OccurrenceFactory(permanence=permanence, date=dt.date(2026, 11, 30))
    RendezVousFactory(occurrence=passee, email="venu@exemple.fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mettre_fin(convention=convention, par=personnel)
    passee.refresh_from_db()
    a_venir.refresh_from_db()
    assert (passee.statut, a_venir.statut) == ("prevue", "annulee")
    assert mail.outbox == []


def test_a_refusal_at_the_committee_leads_staff_to_the_confirmed_ending(
    client, convention, personnel, django_capture_on_commit_callbacks
):
    """The Ruche refuses with the minutes: staff go on to the confirmed ending. The
    association refuses from its own page: staff are mailed the link to it."""
    from tests.partenariats.factories import ComiteSuiviFactory
    from tests.ruche.factories import RepresentantFactory

    tenu = ComiteSuiviFactory(
        convention=convention, date=dt.date(2026, 11, 20), decision="en_attente"
    )
    client.force_login(personnel)
    response = client.post(
        reverse("partenariats:comite_compte_rendu", args=[convention.pk, tenu.pk]),
        {
            "participants": "Maryse NORDEZ-RYEZ\nSophie Martin",
            "accord_ruche": "refus",
            "compte_rendu": "La Ruche reprend la salle.",
        },
    )
    assert response.url == reverse("partenariats:fin", args=[convention.pk])
    page = client.get(response.url).content.decode()
    assert "jeudi 31 décembre 2026" in page and "Confirmer la fin" in page

    autre = ComiteSuiviFactory(
        convention=convention, date=dt.date(2026, 11, 25), decision="en_attente"
    )
    association = next(p for p in convention.parties.all() if not p.organisation.est_la_ruche)
    client.force_login(RepresentantFactory(organisation=association.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partenariats:comite_accord", args=[convention.pk, autre.pk]),
            {"accord": "refus"},
        )
    assert response.url == reverse("partenariats:detail", args=[convention.pk])
    [message] = [m for m in mail.outbox if personnel.email in m.to]
    assert "refuse la reconduction" in message.subject
    assert f"/conventions/{convention.pk}/fin/" in message.body
