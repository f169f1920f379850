"""The front desk's visitor log: one tap per visit, and who may correct or remove it."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruche.formats import PARIS
from ruche.models import Lieu, Operateur, Passage, ThemeOperateur
from ruche.models.lieu import lieu_par_defaut
from ruche.models.passage import Modification
from ruche.passages.services import corriger_passage, enregistrer_passage, supprimer_passage
from tests.partenariats.factories import OrganisationFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

LUNDI = datetime(2025, 3, 3, 10, 30, tzinfo=PARIS)
MARDI = datetime(2025, 3, 4, 9, 0, tzinfo=PARIS)


@pytest.fixture
def passage_de_lundi(personnel):
    with time_machine.travel(LUNDI, tick=False):
        return enregistrer_passage(
            auteur=personnel,
            accompagnement="sans_rdv",
            operateur=Operateur.objects.get(code="finances_publiques"),
        )


def theme(operateur, code):
    return ThemeOperateur.objects.get(operateur__code=operateur, code=code)


def test_no_name_is_ever_recorded():
    noms = {champ.name for champ in Passage._meta.get_fields()}
    assert not noms & {"nom", "prenom", "telephone", "courriel", "email", "adresse"}


def test_one_tap_records_a_visit(client_de, personnel):
    client = client_de(personnel)
    response = client.post(reverse("passages:journal"), {"accompagnement": "autonomie"})
    # Back at the buttons, not at the top of the page.
    assert response.status_code == 302 and response.url == reverse("passages:journal") + "#saisie"
    passage = Passage.objects.get()
    assert passage.accompagnement == "autonomie" and passage.theme == ""
    assert passage.auteur == personnel
    page = client.get(reverse("passages:journal")).content.decode()
    assert "Passage enregistré : Accès en autonomie à l&#x27;ordinateur." in page
    assert "Aujourd'hui : 1 passage" in page


def test_details_are_optional_and_kept(client_de, personnel):
    association = OrganisationFactory(sigle="A.V.A.Q.B-C")
    reversion = theme("assurance_retraite", "reversion")
    donnees = {
        "accompagnement": "partenaire",
        "france_services": f"t{reversion.pk}",
        "issue": "transmis",
        "transmission": "rendez_vous",
        "partenaire": association.pk,
        "tranche_age": "60_74",
        "premiere_visite": "oui",
    }
    client_de(personnel).post(reverse("passages:journal"), donnees)
    passage = Passage.objects.get()
    assert passage.partenaire == association and passage.premiere_visite is True
    assert passage.tranche_age == "60_74"
    # The theme says its operator: one list, both recorded.
    assert passage.theme_operateur == reversion
    assert passage.operateur.code == "assurance_retraite"
    assert (passage.issue, passage.transmission) == ("transmis", "rendez_vous")
    page = client_de(personnel).get(reverse("passages:journal")).content.decode()
    assert "Assurance retraite — Pension de réversion — Transmis à l&#x27;opérateur" in page


def test_the_operator_list_groups_themes_under_each_operator(client_de, personnel):
    html = client_de(personnel).get(reverse("passages:journal")).content.decode()
    for nom in ("CAF", "Assurance maladie", "Assurance retraite", "MSA", "France Travail"):
        assert f'<optgroup label="{nom}">' in html
    assert '<optgroup label="France Titres / ANTS">' in html
    assert '<optgroup label="Justice">' in html and '<optgroup label="La Poste">' in html
    caf = Operateur.objects.get(code="caf")
    assert f'<option value="o{caf.pk}">CAF, thème non précisé</option>' in html


def test_a_retired_operator_leaves_the_list_and_a_new_one_is_a_row(client_de, personnel):
    Operateur.objects.filter(code="la_poste").update(actif=False)
    nouveau = Operateur.objects.create(code="agirc_arrco", nom="Agirc-Arrco", ordre=95)
    html = client_de(personnel).get(reverse("passages:journal")).content.decode()
    assert '<optgroup label="La Poste">' not in html
    assert f'<option value="o{nouveau.pk}">Agirc-Arrco, thème non précisé</option>' in html


def test_a_way_of_passing_on_goes_only_with_passed_on(client_de, personnel):
    response = client_de(personnel).post(
        reverse("passages:journal"),
        {"accompagnement": "sans_rdv", "issue": "sur_place", "transmission": "visio"},
    )
    assert response.status_code == 400
    assert "ne va qu&#x27;avec « Transmis à l&#x27;opérateur »" in response.content.decode()
    assert not Passage.objects.exists()
    with pytest.raises(ValidationError):
        enregistrer_passage(
            auteur=personnel, accompagnement="sans_rdv", issue="sur_place", transmission="visio"
        )


def test_a_theme_of_another_operator_is_refused(personnel):
    with pytest.raises(ValidationError, match="pas un thème de cet opérateur"):
        enregistrer_passage(
            auteur=personnel,
            accompagnement="sans_rdv",
            operateur=Operateur.objects.get(code="caf"),
            theme_operateur=theme("msa", "sante"),
        )


def test_bad_input_saves_nothing_and_says_why_in_french(client_de, personnel):
    client = client_de(personnel)
    caf = Operateur.objects.get(code="caf")
    response = client.post(reverse("passages:journal"), {"france_services": f"o{caf.pk}"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Appuyez sur un des boutons" in html
    assert f'<option value="o{caf.pk}" selected>' in html  # what was chosen is kept
    response = client.post(
        reverse("passages:journal"), {"accompagnement": "sans_rdv", "france_services": "t999999"}
    )
    assert response.status_code == 400
    assert "Choisissez un opérateur ou un thème de la liste." in response.content.decode()
    response = client.post(reverse("passages:journal"), {"accompagnement": "magie"})
    assert response.status_code == 400 and Passage.objects.count() == 0


def test_another_day_and_a_bad_day_in_the_url(client_de, personnel, passage_de_lundi):
    client = client_de(personnel)
    html = client.get(reverse("passages:journal"), {"jour": "2025-03-03"}).content.decode()
    assert "1 passage" in html and "Finances publiques" in html
    response = client.get(reverse("passages:journal"), {"jour": "2025-02-30"})
    assert response.status_code == 200
    assert "Cette date n&#x27;est pas valable" in response.content.decode()


def test_rules_who_may_change_a_visit(passage_de_lundi, personnel, comite, benevole):
    collegue = PersonnelFactory()
    assert passage_de_lundi.regle_modification(personnel, maintenant=LUNDI) == Modification.LIBRE
    assert passage_de_lundi.regle_modification(personnel, maintenant=MARDI) == (
        Modification.AVEC_MOTIF
    )
    assert passage_de_lundi.regle_modification(collegue, maintenant=LUNDI) == (
        Modification.AVEC_MOTIF
    )
    for autre in (comite, benevole):
        assert passage_de_lundi.regle_modification(autre, maintenant=LUNDI) == (
            Modification.INTERDITE
        )


def test_author_undoes_the_same_day_without_reason(passage_de_lundi, personnel):
    supprimer_passage(passage=passage_de_lundi, par=personnel, maintenant=LUNDI)
    assert not Passage.objects.exists()
    trace = Passage.history.filter(history_type="-").get()
    assert trace.history_user == personnel
    assert trace.history_change_reason == "Annulé le jour même par son auteur"


def test_later_only_with_a_reason_kept_in_the_history(passage_de_lundi, personnel, benevole):
    with pytest.raises(ValidationError, match="motif"):
        supprimer_passage(passage=passage_de_lundi, par=personnel, maintenant=MARDI)
    with pytest.raises(PermissionDenied):
        supprimer_passage(passage=passage_de_lundi, par=benevole, motif="x", maintenant=MARDI)
    corriger_passage(
        passage=passage_de_lundi,
        par=personnel,
        motif="Erreur de bouton : c'était un rendez-vous",
        maintenant=MARDI,
        accompagnement="avec_rdv",
    )
    passage_de_lundi.refresh_from_db()
    assert passage_de_lundi.accompagnement == "avec_rdv"
    derniere = passage_de_lundi.history.first()
    assert derniere.history_change_reason == "Erreur de bouton : c'était un rendez-vous"
    assert derniere.prev_record.accompagnement == "sans_rdv"


def test_correction_page_same_day_and_later(client_de, personnel, passage_de_lundi):
    client = client_de(personnel)
    url = reverse("passages:corriger", args=[passage_de_lundi.pk])
    caf, sante = Operateur.objects.get(code="caf"), theme("assurance_maladie", "carte_vitale")
    donnees = {
        "accompagnement": "cnfs",
        "france_services": f"o{caf.pk}",
        "tranche_age": "",
        "premiere_visite": "",
    }
    with time_machine.travel(LUNDI, tick=False):
        assert "Motif de la correction" not in client.get(url).content.decode()
        assert client.post(url, donnees).status_code == 302
    passage_de_lundi.refresh_from_db()
    assert passage_de_lundi.accompagnement == "cnfs"
    with time_machine.travel(MARDI, tick=False):
        response = client.post(url, {**donnees, "france_services": f"t{sante.pk}"})
        assert response.status_code == 400
        assert "Ce champ est obligatoire" in response.content.decode()
        response = client.post(
            url, {**donnees, "france_services": f"t{sante.pk}", "motif": "Mauvais thème"}
        )
        assert response.status_code == 302
        assert response.url == "/passages/?jour=2025-03-03"
    assert Passage.objects.get().theme_operateur == sante
    assert Passage.objects.get().operateur.code == "assurance_maladie"


def test_annuler_asks_before_deleting_and_the_deletion_stays_in_the_history(
    client_de, personnel, passage_de_lundi
):
    client = client_de(personnel)
    url = reverse("passages:supprimer", args=[passage_de_lundi.pk])
    with time_machine.travel(LUNDI, tick=False):
        journal = client.get(reverse("passages:journal")).content.decode()
        # "Annuler" is a link to the question, no longer a form that deletes in one tap.
        assert f'href="{url}"' in journal and f'action="{url}"' not in journal
        question = client.get(url)
        assert question.status_code == 200
        html = question.content.decode()
        assert "Supprimer ce passage ?" in html
        assert "Lundi 3 mars 2025, 10:30" in html and "Finances publiques" in html
        assert "Motif de la suppression" not in html  # its author, the same day
        assert Passage.objects.filter(pk=passage_de_lundi.pk).exists()

        response = client.post(url, {})
        assert response.status_code == 302 and response.url == reverse("passages:journal")
    assert not Passage.objects.exists()
    trace = Passage.history.filter(history_type="-").get()
    assert trace.history_user == personnel and trace.id == passage_de_lundi.pk
    assert trace.history_change_reason == "Annulé le jour même par son auteur"


@pytest.mark.parametrize("role", ["benevole", "comite", "sans_role"])
def test_only_staff_may_see_the_question_or_delete(client_de, request, role, passage_de_lundi):
    autre = request.getfixturevalue(role)
    if role == "benevole":  # even a volunteer of the partner the visit names
        passage_de_lundi.partenaire = autre.organisation
        passage_de_lundi.save()
    client = client_de(autre)
    url = reverse("passages:supprimer", args=[passage_de_lundi.pk])
    with time_machine.travel(LUNDI, tick=False):
        assert client.get(url).status_code == 403
        assert client.post(url, {"motif": "x"}).status_code == 403
    assert Passage.objects.filter(pk=passage_de_lundi.pk).exists()


def test_anonymous_is_sent_to_login_and_an_unknown_visit_is_a_404(
    client_de, personnel, passage_de_lundi
):
    url = reverse("passages:supprimer", args=[passage_de_lundi.pk])
    anonyme = client_de(None)
    assert anonyme.post(url, {}).url.startswith(reverse("login"))
    assert Passage.objects.filter(pk=passage_de_lundi.pk).exists()
    client = client_de(personnel)
    assert client.get("/passages/999999/supprimer/").status_code == 404
    assert client.post("/passages/999999/supprimer/", {}).status_code == 404


def test_colleague_removes_with_a_reason_on_the_page(client_de, passage_de_lundi):
    client = client_de(PersonnelFactory())
    url = reverse("passages:supprimer", args=[passage_de_lundi.pk])
    with time_machine.travel(LUNDI, tick=False):
        assert client.post(url, {}).status_code == 400
        assert client.post(url, {"motif": "Saisi deux fois"}).status_code == 302
    trace = Passage.history.filter(history_type="-").get()
    assert trace.history_change_reason == "Saisi deux fois"


def test_unknown_visit_is_a_404(client_de, personnel):
    assert client_de(personnel).get("/passages/999999/corriger/").status_code == 404


def test_admin_shows_visits_read_only(client_de, personnel, passage_de_lundi):
    client = client_de(personnel)
    url = reverse("admin:ruche_passage_change", args=[passage_de_lundi.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert client.post(url, {"accompagnement": "autre"}).status_code == 403


# --- The default place: resolved when a visit is written, not once per visit built -------


def passages_sans_lieu(nombre, auteur):
    return [Passage(accompagnement="autonomie", auteur=auteur) for _ in range(nombre)]


def test_building_visits_without_a_place_asks_the_database_nothing(personnel):
    lieu_par_defaut()  # the place of a fresh database exists
    with CaptureQueriesContext(connection) as requetes:
        passages_sans_lieu(50, personnel)
    assert len(requetes) == 0


def test_a_batch_of_visits_costs_the_same_queries_whatever_its_size(personnel):
    lieu_par_defaut()
    comptes = []
    for nombre in (2, 40):
        with CaptureQueriesContext(connection) as requetes:
            Passage.objects.bulk_create(passages_sans_lieu(nombre, personnel))
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    assert set(Passage.objects.values_list("lieu", flat=True)) == {lieu_par_defaut()}


def test_a_visit_without_a_place_is_filed_under_the_default_place_of_the_moment():
    ancien = lieu_par_defaut()
    passage = Passage(accompagnement="autonomie")
    # The place of the time of building is gone when the visit is written.
    Lieu.objects.all().delete()
    passage.save()
    assert passage.lieu_id != ancien
    assert passage.lieu == Lieu.objects.get()
    cree = Passage.objects.create(accompagnement="sans_rdv")
    assert cree.lieu_id == passage.lieu_id


def test_checking_a_visit_without_a_place_gives_it_the_default_one(personnel):
    passage = Passage(accompagnement="autonomie", auteur=personnel)
    passage.full_clean()
    assert passage.lieu_id == lieu_par_defaut()
    # A form that does not ask for the place leaves it for the save.
    autre = Passage(accompagnement="autonomie", auteur=personnel)
    autre.full_clean(exclude=["lieu"])
    assert autre.lieu_id is None


def test_a_place_given_is_kept_in_a_batch(personnel):
    premier = Lieu.objects.get(pk=lieu_par_defaut())
    autre = Lieu.objects.create(nom="France Services de Pont-Saint-Esprit", slug="pont")
    Passage.objects.bulk_create(
        [
            Passage(accompagnement="autonomie", auteur=personnel, lieu=autre),
            Passage(accompagnement="autonomie", auteur=personnel),
            Passage(accompagnement="autonomie", auteur=personnel, lieu_id=autre.pk),
        ]
    )
    assert sorted(Passage.objects.values_list("lieu", flat=True)) == sorted(
        [autre.pk, premier.pk, autre.pk]
    )


def test_an_unsaved_place_is_refused_not_replaced_by_the_default(personnel):
    lieu_par_defaut()
    nouveau = Lieu(nom="Pas encore enregistré", slug="pas-encore")
    with pytest.raises(ValueError):
        Passage(accompagnement="autonomie", auteur=personnel, lieu=nouveau).save()
    with pytest.raises(ValueError):
        Passage.objects.bulk_create(
            [Passage(accompagnement="autonomie", auteur=personnel, lieu=nouveau)]
        )
    assert not Passage.objects.exists()


def test_a_database_without_a_place_gets_its_first_one_when_staff_open_the_visit_log(
    client_de, personnel
):
    # A flushed database has no place: the log creates the first one from the settings, as
    # the visits' default place did, rather than tell the staff they belong to no place.
    Lieu.objects.all().delete()
    html = client_de(personnel).get(reverse("passages:journal")).content.decode()
    assert Lieu.objects.count() == 1
    assert "Accès en autonomie à l&#x27;ordinateur" in html
    assert "aucun lieu" not in html
