"""The commitments of Article 2 in the statistics and the committee's report: permanences
announced as not held and how long before; residents referred by the Ruche and received;
hours of rooms lent free of charge; review meetings held."""

from datetime import date, timedelta

import pytest

from partenariats.statistiques import bilans_tenus
from permanences.engagements import (
    heures_de_salle,
    orientes_par_la_ruche,
    permanences_non_maintenues,
)
from permanences.models import Calendrier, Occurrence, RendezVous, ReservationSalle
from ruche.periodes import Periode
from ruche.statistiques import sections
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import ComiteSuiviFactory, OrganisationFactory
from tests.permanences.factories import (
    OccurrenceFactory,
    PermanenceFactory,
    RendezVousFactory,
    ReservationSalleFactory,
    paris,
)

pytestmark = pytest.mark.django_db

ANNEE = Periode.annee(2027)


@pytest.fixture
def association():
    return OrganisationFactory(nom="Aide à la Valorisation des Quartiers", sigle="A.V.A.Q.B-C")


def occurrence_du(association, jour, **champs):
    calendrier, _ = Calendrier.objects.get_or_create(
        organisation=association, annee=2027, semestre=Calendrier.Semestre.PREMIER
    )
    permanence = PermanenceFactory(calendrier=calendrier)
    return OccurrenceFactory(permanence=permanence, date=jour, **champs)


def annuler(occurrence, avant):
    occurrence.statut = Occurrence.Statut.ANNULEE
    occurrence.motif_annulation = "Intervenante malade."
    occurrence.annulee_le = occurrence.debut - avant
    occurrence.save()
    ReservationSalle.objects.filter(pk=occurrence.reservation_id).update(annulee=True)


def test_permanences_not_held_and_how_long_before(association):
    annuler(occurrence_du(association, date(2027, 1, 5)), timedelta(days=10))
    annuler(occurrence_du(association, date(2027, 1, 12)), timedelta(days=3))
    annuler(occurrence_du(association, date(2027, 1, 19)), timedelta(hours=5))
    occurrence_du(association, date(2027, 1, 26))  # held: not counted
    annuler(occurrence_du(association, date(2028, 1, 4)), timedelta(days=1))  # another year
    [tableau] = permanences_non_maintenues(ANNEE).tableaux()
    assert tableau.rangees == [["A.V.A.Q.B-C", 3, 1, 1, 1, 4.4]]


def test_residents_referred_by_the_ruche_and_received(association):
    occurrence = occurrence_du(association, date(2027, 1, 5))
    oriente = RendezVous.Canal.ORIENTE_RUCHE
    for minutes, canal, statut in [
        (0, oriente, RendezVous.Statut.VENU),
        (60, oriente, RendezVous.Statut.ABSENT),
        (120, RendezVous.Canal.EN_LIGNE, RendezVous.Statut.VENU),  # not referred
    ]:
        RendezVousFactory(
            occurrence=occurrence,
            debut=occurrence.debut + timedelta(minutes=minutes),
            canal=canal,
            statut=statut,
        )
    [tableau] = orientes_par_la_ruche(ANNEE).tableaux()
    assert tableau.rangees == [["A.V.A.Q.B-C", 2, 1, 1, 0, 0]]


def test_hours_of_rooms_lent_free_of_charge(association):
    occurrence_du(association, date(2027, 1, 5))  # 9:00-12:00: 3 hours of permanence
    annuler(occurrence_du(association, date(2027, 1, 12)), timedelta(days=8))  # cancelled: not lent
    ReservationSalleFactory(
        organisation=association,
        debut=paris(2027, 2, 3, 14),
        fin=paris(2027, 2, 3, 15, 30),
        objet=ReservationSalle.Objet.ATELIER,
    )
    [tableau] = heures_de_salle(ANNEE).tableaux()
    assert tableau.rangees == [["A.V.A.Q.B-C", 3.0, 1.5, 0, 4.5]]


def test_review_meetings_held():
    convention = convention_signee()
    ComiteSuiviFactory(convention=convention, date=date(2024, 11, 28))
    [tableau] = bilans_tenus(Periode.annee(2024)).tableaux()
    [rangee] = tableau.rangees
    assert rangee[1] == "Tenu" and rangee[-1] == "Reconduire pour une nouvelle période"
    [vide] = bilans_tenus(Periode.annee(2023)).tableaux()
    assert vide.rangees == [] and vide.total[1] == 0


def test_a_commitment_without_figures_shows_a_zero_total():
    for fournir in (permanences_non_maintenues, orientes_par_la_ruche, heures_de_salle):
        [tableau] = fournir(ANNEE).tableaux()
        assert tableau.rangees == [] and set(tableau.total[1:5]) == {0}


def test_the_article_2_sections_come_after_the_activity_in_the_text_s_order():
    cles = [s.section.cle for s in sections.remplir(ANNEE)]
    article_2 = [c for c in cles if c.startswith("article2_")]
    assert article_2 == [
        "article2_non_maintenues",
        "article2_orientes",
        "article2_salles",
        "article2_bilans",
    ]
    assert cles.index("association") < cles.index("article2_non_maintenues")
