"""Appointments marked came and workshop presents count in the visitor figures, exactly once."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanences.models import Demarche, Inscription, RendezVous
from ruche.comptes import COMPTES
from ruche.formats import PARIS
from ruche.models import CompteMensuel, Operateur, Passage
from ruche.models.passage import Accompagnement
from ruche.periodes import Periode
from ruche.portees import changer_public
from ruche.statistiques.requetes import statistiques
from ruche.statistiques.sources import collecter
from ruche.versions import changer_version
from tests.partenariats.factories import OrganisationFactory
from tests.ruche import activite
from tests.ruche.activite import (
    ABSENT,
    ABSENTE,
    ANNULE_ASSOCIATION,
    ANNULE_HABITANT,
    ANNULEE,
    EN_ATTENTE,
    INSCRIT,
    PRESENT,
    RESERVE,
    VENU,
)
from tests.ruche.aides import verifier_totaux

pytestmark = pytest.mark.django_db

ANNEE_2025 = Periode.annee(2025)


def lignes_par(periode, cle):
    tableau = statistiques(periode).tableau(cle)
    return {str(rangee[0]): rangee[1] for rangee in tableau.rangees}, tableau.total[1]


@pytest.fixture
def association():
    return OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C", en_convention=False)


def test_appointments_marked_came_count_once_as_handled_by_the_partner(association):
    retraite = activite.demarche()
    retraite.operateur = Operateur.objects.get(code="assurance_retraite")
    retraite.save()
    titre = activite.demarche(Demarche.Theme.TITRE_SEJOUR, "Titre de séjour")
    autre = activite.demarche(Demarche.Theme.AUTRE, "Autre démarche")
    mars, avril = activite.occurrences(association, [date(2025, 3, 4), date(2025, 4, 8)])
    activite.rendez_vous(
        mars, [VENU, VENU, ABSENT, RESERVE, ANNULE_HABITANT, ANNULE_ASSOCIATION], demarche=retraite
    )
    activite.rendez_vous(avril, [VENU, ABSENT], demarche=titre)
    activite.rendez_vous(avril, [VENU], demarche=autre, apres=2)

    accompagnements, total = lignes_par(ANNEE_2025, "accompagnement")
    assert total == 4
    assert accompagnements["Pris en charge par un partenaire"] == 4
    # The visit is filled in from the démarche: its operator, nothing guessed otherwise.
    operateurs, _ = lignes_par(ANNEE_2025, "operateur")
    assert operateurs["Assurance retraite"] == 2
    assert operateurs["Opérateur non précisé"] == 2
    partenaires, _ = lignes_par(ANNEE_2025, "partenaire")
    assert partenaires["A.V.A.Q.B-C"] == 4
    mois, _ = lignes_par(ANNEE_2025, "mois")
    assert mois["Mars"] == 2 and mois["Avril"] == 2


def test_workshop_presents_count_once_as_collective_workshop(association):
    activite.atelier(
        association, date(2025, 5, 12), [PRESENT, PRESENT, PRESENT, ABSENTE, INSCRIT, ANNULEE]
    )
    activite.atelier(association, date(2025, 6, 2), [PRESENT, EN_ATTENTE])
    accompagnements, total = lignes_par(ANNEE_2025, "accompagnement")
    assert total == 4 == accompagnements["Atelier collectif"]
    partenaires, _ = lignes_par(ANNEE_2025, "partenaire")
    assert partenaires["A.V.A.Q.B-C"] == 4
    operateurs, _ = lignes_par(ANNEE_2025, "operateur")
    assert operateurs["Opérateur non précisé"] == 4


def test_changing_a_status_counts_at_once_and_the_log_counts_are_not_involved(
    association, personnel
):
    """The monthly counts hold the visitor log only: an appointment marked came later (or
    its status corrected) changes the figures of that month at once."""
    occurrence = activite.occurrences(association, [date(2025, 3, 4)])[0]
    rdv = activite.rendez_vous(occurrence, [RESERVE], demarche=activite.demarche())[0]
    Passage.objects.create(
        quand=datetime(2025, 3, 4, 10, tzinfo=PARIS),
        accompagnement=Accompagnement.SANS_RDV,
        auteur=personnel,
    )
    mars = Periode(date(2025, 3, 1), date(2025, 3, 31))
    assert statistiques(mars).total == 1
    rdv.statut = VENU
    rdv.save()
    assert statistiques(mars).total == 2
    rdv.statut = ABSENT
    rdv.save()
    assert statistiques(mars).total == 1
    comptes = CompteMensuel.objects.filter(mois=date(2025, 3, 1), lieu__isnull=True)
    assert [(c.accompagnement, c.nombre) for c in comptes] == [(Accompagnement.SANS_RDV, 1)]


def test_months_follow_paris_time(association):
    """A session on the evening of 31 March (UTC: still March) and one at 00:30 on 1 April
    Paris time (UTC: 31 March) count in their Paris month."""
    occurrences = activite.occurrences(association, [date(2025, 3, 31), date(2025, 4, 1)])
    tard = datetime(2025, 4, 1, 0, 30, tzinfo=PARIS)
    retraite = activite.demarche()
    activite.rendez_vous(occurrences[0], [VENU], demarche=retraite)
    RendezVous.objects.create(
        occurrence=occurrences[1],
        demarche=retraite,
        debut=tard,
        fin=tard + timedelta(minutes=45),
        nom="Fatima Benali",
        telephone="0611223344",
        statut=VENU,
    )
    mois = {ligne.mois for ligne in collecter(ANNEE_2025) if ligne.nombre}
    assert mois == {date(2025, 3, 1), date(2025, 4, 1)}


# --- The reconciliation property holds with the new sources ---------------------------------

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(PARIS)
)


@pytest.fixture
def occurrence_et_atelier():
    association = OrganisationFactory(nom="Association témoin")
    occurrence = activite.occurrences(association, [date(2025, 2, 11)])[0]
    return occurrence, activite.atelier(association, date(2025, 2, 12), [], capacite=8)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    statuts_rdv=st.lists(st.sampled_from(activite.TOUS_LES_STATUTS), max_size=8),
    statuts_atelier=st.lists(
        st.sampled_from([PRESENT, INSCRIT, ABSENTE, ANNULEE, EN_ATTENTE]), max_size=6
    ),
    quand=st.lists(instants, max_size=10),
    debut=st.dates(min_value=date(2024, 6, 1), max_value=date(2025, 6, 30)),
    duree=st.integers(0, 400),
)
def test_totals_reconcile_with_appointments_and_workshops(
    personnel, occurrence_et_atelier, statuts_rdv, statuts_atelier, quand, debut, duree
):
    RendezVous.objects.all().delete()
    Inscription.objects.all().delete()
    Passage.objects.all().delete()
    occurrence, atelier = occurrence_et_atelier
    activite.rendez_vous(occurrence, statuts_rdv, demarche=activite.demarche())
    activite.inscrire(atelier, statuts_atelier)
    Passage.objects.bulk_create(
        Passage(quand=instant, accompagnement=Accompagnement.values[i % 7], auteur=personnel)
        for i, instant in enumerate(quand)
    )
    periode = Periode(debut, debut + timedelta(days=duree))

    def attendu(p):
        bas, haut = p.bornes()
        compte = sum(1 for instant in quand if bas <= instant < haut)
        if bas <= occurrence.debut < haut:
            compte += statuts_rdv.count(VENU)
        if bas <= atelier.debut < haut:
            compte += statuts_atelier.count(PRESENT)
        return compte

    verifier_totaux(periode, attendu)


# --- Query counts do not grow with the appointments ------------------------------------------


def remplir(association, nombre_occurrences, par_occurrence, *, salle):
    jours = [date(2025, 1, 7) + timedelta(days=7 * i) for i in range(nombre_occurrences)]
    retraite = activite.demarche()
    statuts = [VENU, ABSENT, RESERVE, ANNULE_HABITANT, VENU, ANNULE_ASSOCIATION]
    for occurrence in activite.occurrences(association, jours, salle=salle):
        activite.rendez_vous(occurrence, (statuts * 10)[:par_occurrence], demarche=retraite)


@pytest.mark.parametrize("url", ["/statistiques/?annee=2025", "/statistiques/2025/rapport.pdf"])
def test_query_count_does_not_grow_with_appointments_and_workshops(
    client_de, personnel, url, django_assert_num_queries
):
    from tests.partenariats.factories import ConventionFactory, PartieFactory, RucheFactory

    association = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C")
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=association, ordre=2)
    client = client_de(personnel)
    remplir(association, 2, 2, salle="Bureau 1")
    activite.atelier(association, date(2025, 3, 3), [PRESENT, INSCRIT])
    assert client.get(url).status_code == 200  # fills the visitor log's monthly cache
    # and puts the session in the cache (from its third request, ruche.sessions)
    assert client.get(url).status_code == 200
    changer_version()  # cold: the dashboard's cached figures are gone (ruche.versions)
    # and the account, the header's places and the footer read again, as after the
    # organisation added below (ruche.comptes, ruche.portees)
    changer_version(COMPTES)
    changer_public()
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as chaud:
        assert client.get(url).status_code == 200
    remplir(OrganisationFactory(nom="Autre association"), 12, 6, salle="Bureau 2")
    for jour in range(4, 9):
        activite.atelier(association, date(2025, 3, jour), [PRESENT] * 5 + [ABSENTE])
    with django_assert_num_queries(len(peu)):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(chaud)):
        assert client.get(url).status_code == 200
