"""The open data (the places' CSV and JSON, data·inclusion's structures and services) is kept
under the places' version (ruche.donnees_ouvertes): it follows at once every kind of change
it shows — a place, its hours and closures, the organisation running it, its démarches,
rooms and workshops — and a booking, a registration or a visit typed keeps it."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ruche.donnees_ouvertes import data_inclusion
from ruche.models import Fermeture, HoraireOuverture
from ruche.models.passage import Accompagnement
from ruche.passages.services import enregistrer_passage
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    SalleFactory,
    occurrence_pour,
)
from tests.ruche.factories import PersonnelFactory
from tests.ruche.test_donnees_ouvertes_pages import _lieu

pytestmark = pytest.mark.django_db

ADRESSES = (
    "/donnees/lieux.csv",
    "/donnees/lieux.json",
    "/donnees/data-inclusion/structures.json",
    "/donnees/data-inclusion/services.json",
)


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    data_inclusion._VERIFIES.clear()
    yield
    cache.clear()
    data_inclusion._VERIFIES.clear()


@pytest.fixture
def reseau(db):
    commune = OrganisationFactory(nom="Commune de Bagnols-sur-Cèze", en_convention=False)
    un, deux = _lieu(1, organisation=commune), _lieu(2, organisation=commune)
    demarche = DemarcheFactory(lieu=un, slug="retraite", nom="Vos droits à la retraite")
    salle = SalleFactory(lieu=un, nom="Salle des ateliers")
    return {
        "un": un,
        "deux": deux,
        "commune": commune,
        "demarche": demarche,
        "occurrence": occurrence_pour(demarche, salle=SalleFactory(lieu=un, nom="Bureau 1")),
        "salle": salle,
        "atelier": AtelierFactory(salle=salle, debut=timezone.now() + dt.timedelta(days=10)),
    }


def lire(client):
    """{address: (its text, whether it came from the cache: the places' version alone read)}."""
    lues = {}
    for adresse in ADRESSES:
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(adresse)
        assert reponse.status_code == 200
        lues[adresse] = (reponse.content.decode(), len(requetes) == 1)
    return lues


def test_a_booking_a_registration_and_a_visit_keep_the_open_data(client, reseau):
    agent = PersonnelFactory()
    avant = lire(client)
    for ecriture in (
        lambda: RendezVousFactory(occurrence=reseau["occurrence"], demarche=reseau["demarche"]),
        lambda: InscriptionFactory(atelier=reseau["atelier"]),
        lambda: enregistrer_passage(
            auteur=agent, accompagnement=Accompagnement.values[0], lieu=reseau["un"]
        ),
    ):
        ecriture()
        apres = lire(client)
        for adresse in ADRESSES:
            assert apres[adresse] == (avant[adresse][0], True), adresse


def services(client):
    return json.loads(client.get(ADRESSES[3]).content)


def test_the_organisation_running_the_places_shows_at_once(client, reseau):
    """Its name is the records' source (and data·inclusion's identifiers): renamed, the
    records kept the old one for an hour."""
    lire(client)
    commune = reseau["commune"]
    commune.nom = "Agglomération du Gard rhodanien"
    commune.save()
    lues = lire(client)
    assert "Agglomération du Gard rhodanien" in lues["/donnees/lieux.csv"][0]
    structures = json.loads(lues["/donnees/data-inclusion/structures.json"][0])
    assert {s["source"] for s in structures} == {"agglomeration-du-gard-rhodanien"}


def test_a_room_moved_to_another_place_takes_its_workshops_there_at_once(client, reseau):
    avant = {s["id"]: s["structure_id"] for s in services(client)}
    atelier = next(cle for cle in avant if cle.endswith(f"atelier-{reseau['atelier'].pk}"))
    assert avant[atelier].endswith(f"lieu-{reseau['un'].pk}")
    salle = reseau["salle"]
    salle.lieu = reseau["deux"]
    salle.save()
    apres = {s["id"]: s["structure_id"] for s in services(client)}
    assert apres[atelier].endswith(f"lieu-{reseau['deux'].pk}")


def test_places_hours_closures_demarches_and_workshops_show_at_once(client, reseau):
    un = reseau["un"]
    changements = [
        lambda: setattr(un, "telephone", "04 66 50 50 50") or un.save(),
        lambda: HoraireOuverture.objects.create(
            lieu=un, jour=5, debut=dt.time(10), fin=dt.time(11, 30)
        ),
        lambda: Fermeture.objects.create(
            lieu=un,
            debut=timezone.localdate() + dt.timedelta(days=3),
            fin=timezone.localdate() + dt.timedelta(days=4),
            motif="Travaux",
        ),
        lambda: DemarcheFactory(lieu=un, slug="titre-de-sejour", nom="Titre de séjour"),
        lambda: setattr(reseau["atelier"], "titre", "La messagerie") or reseau["atelier"].save(),
    ]
    avant = lire(client)
    for changement in changements:
        changement()
        apres = lire(client)
        assert apres["/donnees/lieux.csv"] != avant["/donnees/lieux.csv"] or (
            apres["/donnees/data-inclusion/services.json"]
            != avant["/donnees/data-inclusion/services.json"]
        )
        # Made again (the JSON and the services are then read from what the CSV and the
        # structures made).
        assert not apres[ADRESSES[0]][1] and not apres[ADRESSES[2]][1]
        avant = lire(client)
