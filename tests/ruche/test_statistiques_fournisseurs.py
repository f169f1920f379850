"""The association's activity, the workshops and the state of the convention, on factory data
and on the demo data seen on 26 November 2026."""

from datetime import date

import pytest
import time_machine

from partenariats.models import ComiteSuivi, Convention
from partenariats.statistiques import etat_convention
from permanences.statistiques import activite_association, bilan_ateliers
from ruche.periodes import Periode
from tests.demo import charger_demo
from tests.partenariats.factories import (
    AvenantFactory,
    ComiteSuiviFactory,
    ConventionFactory,
    ManquementFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
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
from tests.ruche.aides import texte
from tests.ruche.factories import ComiteFactory

pytestmark = pytest.mark.django_db

NOVEMBRE_2026 = date(2026, 11, 26)


@pytest.fixture
def association():
    return OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C", en_convention=False)


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_activity_of_the_association(association):
    jours = [date(2026, 10, 6), date(2026, 10, 13), date(2026, 11, 3), date(2026, 12, 1)]
    occurrences = activite.occurrences(association, jours)
    activite.annuler(occurrences[1])
    retraite = activite.demarche()
    activite.rendez_vous(
        occurrences[0], [VENU, VENU, ABSENT, ANNULE_HABITANT, ANNULE_ASSOCIATION], demarche=retraite
    )
    activite.rendez_vous(occurrences[3], [RESERVE], demarche=retraite)
    autre = OrganisationFactory(nom="Autre partenaire", sigle="")
    activite.occurrences(autre, [date(2026, 10, 8)], salle="Bureau 2")

    seul = activite_association(Periode.annee(2026), organisations=[association.pk])
    assert [
        (p.partenaire, p.prevues, p.tenues, p.annulees, p.a_venir) for p in seul.permanences
    ] == [("A.V.A.Q.B-C", 4, 2, 1, 1)]
    [rdv] = seul.rendez_vous
    assert (rdv.demarche, rdv.pris, rdv.honores, rdv.annules, rdv.manques) == (
        "Droits à la retraite",
        6,
        2,
        2,
        1,
    )
    assert rdv.taux_absence == 33.3

    tous = activite_association(Periode.annee(2026))
    assert [p.partenaire for p in tous.permanences] == ["A.V.A.Q.B-C", "Autre partenaire"]
    permanences = tous.tableaux()[0]
    assert permanences.total == ["Total", 5, 3, 1, 1]
    assert activite_association(Periode.annee(2025)) is None


def test_workshops_places_offered_taken_and_attended(association):
    activite.atelier(association, date(2025, 5, 12), [PRESENT, PRESENT, ABSENTE, ANNULEE])
    activite.atelier(
        association, date(2025, 6, 2), [PRESENT, INSCRIT, INSCRIT, EN_ATTENTE], capacite=3
    )
    activite.atelier(association, date(2024, 6, 3), [PRESENT])
    bilan = bilan_ateliers(Periode.annee(2025))
    assert (bilan.places_offertes, bilan.places_prises, bilan.presents) == (9, 6, 3)
    assert bilan.lignes[0].ateliers == 2
    ailleurs = OrganisationFactory(nom="Autre partenaire")
    assert bilan_ateliers(Periode.annee(2025), organisations=[ailleurs.pk]) is None


def convention_avaq(association, **kwargs):
    convention = ConventionFactory(
        debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31), **kwargs
    )
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=association, ordre=2)
    return convention


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_state_of_the_convention_from_the_term_module(association):
    convention = convention_avaq(association)
    ComiteSuiviFactory(
        convention=convention, date=date(2025, 11, 27), decision=ComiteSuivi.Decision.RECONDUIRE
    )
    AvenantFactory(
        convention=convention,
        numero=1,
        date=date(2026, 3, 2),
        prend_effet_le=date(2026, 4, 1),
        motif="Un créneau de plus le jeudi",
    )
    AvenantFactory(
        convention=convention,
        numero=2,
        date=date(2025, 3, 2),
        prend_effet_le=date(2025, 4, 1),
        motif="Changement de salle",
    )
    etat = etat_convention(2026)
    assert etat.pk == convention.pk
    assert (etat.periode_debut, etat.periode_fin) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (etat.prochaine_periode_debut, etat.prochaine_periode_fin) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert etat.en_vigueur and etat.partenaires == {association.pk: "A.V.A.Q.B-C"}
    assert [a.objet for a in etat.avenants] == [
        "Avenant n° 1, qui prend effet le 1er avril 2026 : Un créneau de plus le jeudi"
    ]
    assert etat.manquements == []
    assert etat_convention(2025).periode_debut == date(2025, 1, 1)
    # A year before the convention: the report says so, and asks no renewal.
    avant = etat_convention(2023)
    assert avant.avant_debut and avant.debut == date(2024, 1, 1)
    assert avant.prochaine_periode_debut is None
    assert etat_convention(2023, convention_pk=999999) is None


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_a_breach_ends_the_convention_and_there_is_no_renewal_to_decide(
    association, client_de, comite
):
    convention = convention_avaq(association)
    ManquementFactory(
        convention=convention, notifie_le=date(2026, 10, 20), description="Permanences non tenues"
    )
    etat = etat_convention(2026)
    assert not etat.en_vigueur
    assert etat.fin_le == date(2026, 11, 19)
    assert etat.prochaine_periode_debut is None
    assert [m.objet for m in etat.manquements] == [
        "Permanences non tenues (caducité le 20 novembre 2026)"
    ]
    contenu = texte(client_de(comite).get("/statistiques/2026/rapport.pdf").content)
    assert "Il n'y a pas de reconduction à décider" in contenu
    assert "Dernier jour d'application : 19 novembre 2026" in contenu


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_the_report_covers_the_partners_of_the_convention_it_reviews(
    association, client_de, comite
):
    convention = convention_avaq(association)
    activite.occurrences(association, [date(2026, 10, 6)])
    autre = OrganisationFactory(nom="Autre partenaire", sigle="AP")
    activite.occurrences(autre, [date(2026, 10, 8)], salle="Bureau 2")
    client = client_de(comite)
    contenu = texte(
        client.get(f"/statistiques/2026/rapport.pdf?convention={convention.pk}").content
    )
    assert "La Ruche numérique et A.V.A.Q.B-C" in contenu
    assert "A.V.A.Q.B-C 1 1 0 0" in contenu
    assert "AP 1" not in contenu
    assert f"/conventions/{convention.pk}/" in contenu
    for mauvais in ["abc", "999999", "١", "99999999999999999999"]:
        assert client.get(f"/statistiques/2026/rapport.pdf?convention={mauvais}").status_code == 404
    html = client.get("/statistiques/?annee=2026").content.decode()
    assert f'href="/conventions/{convention.pk}/"' in html
    assert "AP" in html  # the dashboard shows every partner


# --- The demo data, seen on 26 November 2026 ------------------------------------------------


@time_machine.travel(NOVEMBRE_2026)
def test_demo_report_shows_the_association_the_workshops_and_the_convention(client_de):
    charger_demo()
    comite = ComiteFactory()
    convention = Convention.objects.get()
    contenu = texte(client_de(comite).get("/statistiques/2026/rapport.pdf").content)
    assert "La Ruche numérique et A.V.A.Q.B-C Rapport annuel 2026" in contenu
    assert "2. L'activité de l'association A.V.A.Q.B-C" in contenu
    assert "Permanences de l'association" in contenu
    assert "Rendez-vous par démarche" in contenu
    assert "Ateliers collectifs" in contenu
    assert "Premiers pas" not in contenu  # figures, not the workshops' titles
    assert "Pas encore de données" not in contenu
    assert "Période en cours : du 1er janvier 2026 au 31 décembre 2026" in contenu
    assert "La convention est en vigueur" in contenu
    assert "Aucun avenant" in contenu and "Aucun manquement notifié" in contenu
    assert "pour une nouvelle période, du 1er janvier 2027 au 31 décembre 2027" in contenu
    assert f"/conventions/{convention.pk}/" in contenu
    activite_2026 = activite_association(Periode.annee(2026))
    assert activite_2026.permanences_annulees == 1
    assert activite_2026.permanences_tenues > 0
    assert sum(r.pris for r in activite_2026.rendez_vous) == 4
    bilan = bilan_ateliers(Periode.annee(2026))
    assert bilan.places_prises == 5 and bilan.presents == 0
