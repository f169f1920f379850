"""Places (`Lieu`): the first place made from the settings by the data migration, its opening
hours on the home page, and what a second place may share with the first (room names)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from permanences.models import Salle
from permanences.services.agenda import lieu as lieu_agenda
from ruche.horaires import infos_lieu
from ruche.models import HoraireOuverture, Lieu, Organisation, Passage
from ruche.models.lieu import decouper_adresse, lieu_par_defaut, lieu_principal
from tests.partenariats.factories import ConventionFactory, RucheFactory
from tests.permanences.factories import DemarcheFactory, FermetureFactory, SalleFactory
from tests.ruche.factories import PassageFactory, PersonnelFactory

# Just before the data migration: the tables exist, the `lieu` columns are still empty. (Going
# back to before the places were created costs a minute of schema changes and tests no more.)
AVANT = [
    ("ruche", "0007_lieux"),
    ("permanences", "0008_lieu_des_salles_et_demarches"),
    ("partenariats", "0009_lieux"),
]


@pytest.mark.lent
@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_the_first_place_from_the_settings_and_attaches_everything(settings):
    settings.RUCHE_ADRESSE = "La Ruche numérique, 12 rue de la Paix, 30200 Bagnols-sur-Cèze"
    settings.RUCHE_TELEPHONE = "04 66 00 00 00"
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    anciennes = executor.loader.project_state(AVANT).apps
    try:
        anciennes.get_model("ruche", "Lieu").objects.all().delete()
        Organisation_ = anciennes.get_model("partenariats", "Organisation")
        ville = Organisation_.objects.create(nom="Ville", nature="commune", est_la_ruche=True)
        Salle_ = anciennes.get_model("permanences", "Salle")
        Salle_.objects.create(nom="Salle Cèze", capacite=8)
        Passage_ = anciennes.get_model("ruche", "Passage")
        Passage_.objects.create(accompagnement="sans_rdv")
        Group = anciennes.get_model("auth", "Group")
        Utilisateur_ = anciennes.get_model("ruche", "Utilisateur")
        agent = Utilisateur_.objects.create(username="agent")
        agent.groups.add(Group.objects.get_or_create(name="Personnel de la Ruche")[0])
        Utilisateur_.objects.create(username="benevole")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    lieu = Lieu.objects.get()
    assert lieu.nom == "La Ruche numérique" and lieu.slug == "la-ruche-numerique"
    assert (lieu.adresse, lieu.code_postal, lieu.commune) == (
        "12 rue de la Paix",
        "30200",
        "Bagnols-sur-Cèze",
    )
    assert lieu.adresse_complete == settings.RUCHE_ADRESSE
    assert lieu.telephone == "04 66 00 00 00"
    assert lieu.organisation_id == ville.pk
    assert [(h.jour, h.debut, h.fin) for h in lieu.horaires.order_by("jour")] == [
        (jour, dt.time(8, 30), dt.time(18)) for jour in range(5)
    ]
    assert Salle.objects.get().lieu == lieu and Passage.objects.get().lieu == lieu
    assert list(lieu.equipe.values_list("username", flat=True)) == ["agent"]


def test_an_address_on_one_line_is_split():
    assert decouper_adresse("La Ruche numérique, 30200 Bagnols-sur-Cèze") == (
        "La Ruche numérique",
        "30200",
        "Bagnols-sur-Cèze",
    )
    assert decouper_adresse("Place de la mairie") == ("Place de la mairie", "", "")
    assert decouper_adresse("") == ("", "", "")


@pytest.mark.django_db
def test_a_fresh_install_gets_its_place_and_the_ruche_runs_it():
    Lieu.objects.all().delete()
    salle = SalleFactory(nom="Salle Cèze")
    lieu = Lieu.objects.get()
    assert salle.lieu == lieu and lieu.organisation is None
    assert lieu.horaires.count() == 5
    ville = RucheFactory()
    lieu.refresh_from_db()
    assert lieu.organisation == ville and lieu.logo == ville.logo


@pytest.mark.django_db
def test_what_a_place_owns_defaults_to_the_only_place():
    lieu = lieu_principal()
    for objet in (
        SalleFactory(),
        FermetureFactory(),
        DemarcheFactory(),
        PassageFactory(),
        ConventionFactory(),
    ):
        assert objet.lieu == lieu


@pytest.mark.django_db
def test_two_places_may_each_have_a_room_of_the_same_name_and_one_place_only_one():
    autre = Lieu.objects.create(nom="France Services de Pont-Saint-Esprit", slug="pont")
    Salle.objects.create(nom="Salle Cèze", capacite=8)
    Salle.objects.create(nom="Salle Cèze", capacite=4, lieu=autre)
    with pytest.raises(ValidationError):
        Salle(nom="Salle Cèze", capacite=2, lieu=autre).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Salle.objects.create(nom="Salle Cèze", capacite=2, lieu=autre)


@pytest.mark.django_db
def test_several_organisations_may_each_run_places():
    RucheFactory(nom="Ville de Bagnols-sur-Cèze")
    RucheFactory(nom="Communauté d'agglomération du Gard rhodanien")
    assert Organisation.objects.filter(est_la_ruche=True).count() == 2


@pytest.mark.django_db
def test_the_home_page_reads_the_place_not_the_settings(client, settings):
    settings.RUCHE_ADRESSE = "Ailleurs, 75001 Paris"
    settings.RUCHE_TELEPHONE = "01 00 00 00 00"
    lieu = lieu_principal()
    lieu.adresse, lieu.code_postal, lieu.commune = "2 avenue Léon Blum", "30200", "Bagnols"
    lieu.telephone = "04 66 11 22 33"
    lieu.save()
    page = client.get("/").content.decode()
    assert "La Ruche numérique, 2 avenue Léon Blum, 30200 Bagnols" in page
    assert 'href="tel:0466112233"' in page and "Paris" not in page
    assert "Du lundi au vendredi, de 08:30 à 18:00." in page


@pytest.mark.django_db
def test_hours_with_a_lunch_break_and_a_saturday_are_listed_day_by_day(client):
    lieu = lieu_principal()
    lieu.horaires.all().delete()
    for jour in (0, 1):
        HoraireOuverture.objects.create(lieu=lieu, jour=jour, debut="09:00", fin="12:00")
        HoraireOuverture.objects.create(lieu=lieu, jour=jour, debut="14:00", fin="17:30")
    HoraireOuverture.objects.create(lieu=lieu, jour=5, debut="09:00", fin="12:00")
    infos = infos_lieu(lieu_principal())
    assert infos["ouverture"] is None
    assert [jour for jour, _plages in infos["jours"]] == [0, 1, 5]
    page = client.get("/").content.decode()
    assert "Lundi : de 09:00 à 12:00, de 14:00 à 17:30" in page
    assert "Samedi : de 09:00 à 12:00" in page
    assert "Du lundi au" not in page


@pytest.mark.django_db
def test_overlapping_hours_of_one_day_are_refused():
    lieu = lieu_principal()
    horaire = HoraireOuverture(lieu=lieu, jour=0, debut="12:00", fin="13:00")
    with pytest.raises(ValidationError):
        horaire.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        HoraireOuverture.objects.create(lieu=lieu, jour=2, debut="13:00", fin="12:00")


@pytest.mark.django_db
def test_coordinates_and_siret_are_checked():
    with pytest.raises(ValidationError) as erreur:
        Lieu(nom="X", slug="x", siret="123", latitude=44, longitude=None).full_clean()
    assert "siret" in erreur.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Lieu.objects.create(nom="X", slug="x", latitude=44)


@pytest.mark.django_db
def test_calendars_and_messages_give_the_room_s_place():
    autre = Lieu.objects.create(
        nom="France Services de Pont-Saint-Esprit", slug="pont", code_postal="30130"
    )
    salle = Salle.objects.create(nom="Salle Cèze", capacite=4, lieu=autre)
    assert lieu_agenda(salle) == "France Services de Pont-Saint-Esprit, 30130 — Salle Cèze"


@pytest.mark.django_db
def test_staff_belong_to_places():
    agent = PersonnelFactory()
    agent.lieux.add(lieu_par_defaut())
    assert list(agent.lieux.all()) == [lieu_principal()]
