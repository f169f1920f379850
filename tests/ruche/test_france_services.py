"""The France Services operators as data, the migration of the old themes, and the mediation
details added after the one tap."""

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ruche.formats import PARIS
from ruche.models import DetailsMediation, Operateur, Passage
from ruche.passages.services import enregistrer_passage

pytestmark = pytest.mark.django_db

PROGRAMME = [
    "CAF",
    "Assurance maladie",
    "Assurance retraite",
    "MSA",
    "France Travail",
    "Finances publiques",
    "France Titres / ANTS",
    "Justice",
    "La Poste",
]


def test_the_nine_operators_of_the_programme_are_rows_with_their_themes():
    assert list(Operateur.objects.values_list("nom", flat=True)) == PROGRAMME
    for operateur in Operateur.objects.all():
        assert operateur.themes.count() >= 3, operateur


AVANT = [("ruche", "0016_france_services"), ("permanences", "0013_ateliers_traduits")]


@pytest.mark.lent
@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_old_themes_to_operators_and_guesses_nothing():
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    anciennes = executor.loader.project_state(AVANT).apps
    try:
        Lieu_ = anciennes.get_model("ruche", "Lieu")
        lieu = Lieu_.objects.first() or Lieu_.objects.create(nom="La Ruche", slug="la-ruche")
        Passage_ = anciennes.get_model("ruche", "Passage")
        for theme in ["caf", "impots", "ants", "titre_sejour", "logement", "etat_civil", ""]:
            Passage_.objects.create(lieu=lieu, accompagnement="sans_rdv", theme=theme)
        Demarche_ = anciennes.get_model("permanences", "Demarche")
        Demarche_.objects.create(lieu=lieu, nom="Retraite", slug="retraite", theme="retraite")
        Demarche_.objects.create(lieu=lieu, nom="Titre", slug="titre", theme="titre_sejour")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    apres = {p.theme: p for p in Passage.objects.select_related("operateur")}
    assert apres["caf"].operateur.code == "caf"
    assert apres["impots"].operateur.code == "finances_publiques"
    assert apres["ants"].operateur.code == "france_titres"
    for sans_operateur in ["titre_sejour", "logement", "etat_civil", ""]:
        assert apres[sans_operateur].operateur is None
        assert apres[sans_operateur].theme == sans_operateur  # kept, shown as such
    assert all(p.theme_operateur_id is None for p in apres.values())  # no theme guessed
    assert apres["titre_sejour"].libelle_france_services == (
        "Non rattaché à un opérateur (Titre de séjour)"
    )
    from permanences.models import Demarche

    demarches = {d.slug: d.operateur for d in Demarche.objects.select_related("operateur")}
    assert demarches["retraite"].code == "assurance_retraite" and demarches["titre"] is None


def test_the_day_board_tap_stays_one_tap_and_details_come_after(client_de, personnel):
    client = client_de(personnel)
    reponse = client.post(reverse("permanences:journee"), {"accompagnement": "cnfs"})
    assert reponse.status_code == 302
    passage = Passage.objects.get()
    assert not DetailsMediation.objects.exists()
    journal = client.get(reverse("passages:journal")).content.decode()
    url = reverse("passages:mediation", args=[passage.pk])
    assert f'href="{url}"' in journal and "Ajouter les détails de médiation" in journal
    page = client.get(url).content.decode()
    assert "Tout est facultatif" in page
    reponse = client.post(
        url,
        {
            "type": "individuel",
            "duree_minutes": "45",
            "thematiques": ["email", "sante"],
            "autonomie": "partiellement_autonome",
            "materiel": ["telephone"],
            "suite": "oriente",
            "structure_redirection": "operateur_ou_organisme_en_charge",
            "tranche_age": "soixante_dix_plus",
            "genre": "",
            "commune": "Bagnols-sur-Cèze",
        },
    )
    assert reponse.status_code == 302
    details = DetailsMediation.objects.get(passage=passage)
    assert details.thematiques == ["email", "sante"] and details.duree_minutes == 45
    assert details.history.first().history_user == personnel
    assert "Détails de médiation" in client.get(reverse("passages:journal")).content.decode()


def test_mediation_details_bad_input_is_answered_beside_the_field(client_de, personnel):
    passage = enregistrer_passage(auteur=personnel, accompagnement="cnfs")
    url = reverse("passages:mediation", args=[passage.pk])
    reponse = client_de(personnel).post(
        url,
        {
            "duree_minutes": "9999",
            "thematiques": ["magie"],
            "suite": "termine",
            "structure_redirection": "administration",
        },
    )
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert not DetailsMediation.objects.exists()
    reponse = client_de(personnel).post(
        url, {"suite": "termine", "structure_redirection": "administration"}
    )
    assert reponse.status_code == 400
    assert "ne va qu&#x27;avec une orientation" in reponse.content.decode()


def test_mediation_details_follow_the_visits_access_rule(client_de, personnel, benevole, comite):
    with time_machine.travel(datetime(2025, 3, 3, 10, tzinfo=PARIS), tick=False):
        passage = enregistrer_passage(auteur=personnel, accompagnement="cnfs")
    url = reverse("passages:mediation", args=[passage.pk])
    assert client_de(benevole).get(url).status_code == 403
    assert client_de(comite).get(url).status_code == 403
    # Another day: still open to the staff, no reason asked for details.
    assert client_de(personnel).post(url, {"type": "ponctuel"}).status_code == 302
    assert client_de(personnel).get(reverse("passages:mediation", args=[99999])).status_code == 404


def test_staff_read_the_operators_and_only_superusers_change_them(client_de, personnel, admin_user):
    """The list is every place's: one place's staff renaming or retiring an operator would
    change the other places' statistics."""
    caf = Operateur.objects.get(nom="CAF")
    change = reverse("admin:ruche_operateur_change", args=[caf.pk])
    donnees = {
        "nom": "CAF renommée",
        "code": caf.code,
        "ordre": caf.ordre,
        "actif": "on",
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
    }
    client = client_de(personnel)
    assert client.get(change).status_code == 200
    assert client.post(change, donnees).status_code == 403
    assert client.get(reverse("admin:ruche_operateur_add")).status_code == 403
    assert client.get(reverse("admin:ruche_operateur_delete", args=[caf.pk])).status_code == 403
    caf.refresh_from_db()
    assert caf.nom == "CAF"

    client_de(admin_user).post(change, donnees)
    caf.refresh_from_db()
    assert caf.nom == "CAF renommée"


def test_the_admins_visit_list_shows_the_operator_and_its_theme(client_de, personnel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caf = Operateur.objects.get(nom="CAF")
    theme = caf.themes.order_by("ordre").first()
    url = reverse("admin:ruche_passage_changelist")
    client = client_de(personnel)

    def lire():
        with CaptureQueriesContext(connection) as requetes:
            page = client.get(url).content.decode()
        return page, len(requetes)

    def taper(nombre):
        for _i in range(nombre):
            enregistrer_passage(
                auteur=personnel, accompagnement="sans_rdv", operateur=caf, theme_operateur=theme
            )

    taper(1)
    # The account's, the place's and the session's first reads (a session is served from
    # the cache from its third request in a process, ruche.sessions).
    lire()
    lire()
    page, une = lire()
    assert "CAF" in page and theme.nom in page
    taper(5)
    assert lire()[1] == une


def test_an_operator_renamed_shows_at_once_in_the_cached_figures(client_de, personnel):
    caf = Operateur.objects.get(nom="CAF")
    enregistrer_passage(auteur=personnel, accompagnement="sans_rdv", operateur=caf)
    client = client_de(personnel)
    url = reverse("statistiques:tableau_de_bord")
    assert "CAF" in client.get(url).content.decode()
    caf.nom = "Caisse d'allocations familiales"
    caf.save()
    assert "Caisse d&#x27;allocations familiales" in client.get(url).content.decode()
