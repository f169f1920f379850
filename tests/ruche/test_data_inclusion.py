"""Each place and its public services in the data·inclusion schema, checked with the
schema's own package, at stable public addresses."""

import json
from datetime import date, timedelta

import pytest
from data_inclusion.schema import v1
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ruche.donnees_ouvertes import data_inclusion
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
)
from tests.permanences.factories import AtelierFactory, DemarcheFactory, SalleFactory
from tests.ruche.test_donnees_ouvertes_pages import _lieu

pytestmark = pytest.mark.django_db

STRUCTURES = "/donnees/data-inclusion/structures.json"
SERVICES = "/donnees/data-inclusion/services.json"


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    data_inclusion._VERIFIES.clear()
    yield
    cache.clear()
    data_inclusion._VERIFIES.clear()


def valider(client):
    """Every published record, read back and checked by the schema's models (warnings
    included, as the catalogue's own checks do)."""
    structures = json.loads(client.get(STRUCTURES).content)
    services = json.loads(client.get(SERVICES).content)
    contexte = {"ignore_warnings": False}
    for structure in structures:
        v1.Structure.model_validate(structure, context=contexte)
    for service in services:
        v1.Service.model_validate(service, context=contexte)
    return structures, services


def partenaire_de(lieu):
    """An association under convention at `lieu`: its workshops there are published (one
    held where no convention covers it is not, as on the public pages)."""
    partenaire = OrganisationFactory(en_convention=False)
    convention = ConventionFactory(
        lieu=lieu, debut=date(2020, 1, 1), premiere_fin=date(2020, 12, 31)
    )
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)
    return partenaire


@pytest.fixture
def offre():
    lieu = _lieu(1)
    autre = _lieu(2, telephone="", latitude=None, longitude=None, siret="", presentation="")
    retraite = DemarcheFactory(
        lieu=lieu,
        slug="retraite",
        nom="Ouvrir mes droits à la retraite",
        theme="retraite",
        pieces_a_apporter="Carte Vitale\nPièce d'identité\nDernier avis d'impôt",
    )
    DemarcheFactory(lieu=lieu, slug="ancienne", nom="Plus proposée", active=False)
    debut = timezone.now() + timedelta(days=10)
    atelier = AtelierFactory(
        organisation=partenaire_de(autre),
        salle=SalleFactory(lieu=autre, nom="Salle"),
        titre="Premiers pas sur la tablette",
        public="seniors",
        debut=debut,
        fin=debut + timedelta(hours=2),
    )
    return lieu, autre, retraite, atelier


def test_every_record_validates_with_the_data_inclusion_package(client, offre):
    lieu, autre, retraite, atelier = offre
    structures, services = valider(client)
    assert {s["nom"] for s in structures} == {lieu.nom, autre.nom}
    par_id = {s["id"].split("--")[1]: s for s in services}
    assert set(par_id) == {f"demarche-{retraite.pk}", f"atelier-{atelier.pk}"}  # active only
    demarche = par_id[f"demarche-{retraite.pk}"]
    # The booking page is the mobilisation link; the papers to bring, the access conditions.
    assert demarche["lien_mobilisation"].endswith(f"/{lieu.slug}/rendez-vous/retraite/")
    assert "utiliser-lien-mobilisation" in demarche["modes_mobilisation"]
    assert "telephoner" in demarche["modes_mobilisation"]  # the place has a phone
    assert demarche["conditions_acces"] == (
        "Papiers à apporter : Carte Vitale ; Pièce d'identité ; Dernier avis d'impôt."
    )
    assert demarche["frais"] == "gratuit" and demarche["publics"] == ["tous-publics"]
    assert demarche["modes_accueil"] == ["en-presentiel"]
    assert demarche["horaires_accueil"] == "Mo-Fr 09:00-12:00,14:00-17:00"
    assert demarche["structure_id"] == next(s["id"] for s in structures if s["nom"] == lieu.nom)
    seniors = par_id[f"atelier-{atelier.pk}"]
    assert seniors["type"] == "atelier" and seniors["publics"] == ["seniors"]
    assert seniors["lien_mobilisation"].endswith(f"/{autre.slug}/ateliers/{atelier.pk}/")
    assert seniors["modes_mobilisation"] == ["utiliser-lien-mobilisation"]  # no phone
    structure = next(s for s in structures if s["nom"] == lieu.nom)
    assert structure["siret"] == "21300283500016"
    assert structure["telephone"] == "+33466390000"
    assert structure["reseaux_porteurs"] == ["france-service"]
    assert "siret" not in next(s for s in structures if s["nom"] == autre.nom)


def test_each_place_has_its_own_stable_address(client, offre):
    lieu, autre, retraite, _atelier = offre
    reponse = client.get(f"/donnees/data-inclusion/lieux/{lieu.pk}.json")
    assert reponse.status_code == 200
    assert reponse["Access-Control-Allow-Origin"] == "*"
    donnees = json.loads(reponse.content)
    assert donnees["structure"]["id"].endswith(f"--lieu-{lieu.pk}")
    assert [s["nom"] for s in donnees["services"]] == [retraite.nom]
    assert client.get("/donnees/data-inclusion/lieux/99999.json").status_code == 404
    # The same identifiers after an edit: the catalogue updates, it does not duplicate.
    lieu.nom = "France Services du Centre"
    lieu.save()
    apres = json.loads(client.get(f"/donnees/data-inclusion/lieux/{lieu.pk}.json").content)
    assert apres["structure"]["nom"] == "France Services du Centre"
    assert apres["structure"]["id"] == donnees["structure"]["id"]


def test_a_fixed_number_of_queries_whatever_the_number_of_places(client, offre):
    def requetes():
        cache.clear()
        with CaptureQueriesContext(connection) as capture:
            client.get(SERVICES)
        return len(capture.captured_queries)

    avant = requetes()
    for n in range(3, 6):
        lieu = _lieu(n)
        DemarcheFactory(lieu=lieu, slug=f"d{n}", theme="retraite")
    assert requetes() == avant


def test_a_record_the_schema_refuses_is_left_out_not_published_half_valid(client, offre):
    lieu, *_ = offre
    # A name the schema refuses (fewer than three characters), saved past the form.
    type(lieu).objects.filter(pk=lieu.pk).update(nom="FS")
    cache.clear()
    structures, services = valider(client)
    assert all(not s["id"].endswith(f"--lieu-{lieu.pk}") for s in structures)
    assert len(structures) == 1
    assert {s["structure_id"] for s in services} == {structures[0]["id"]}


def test_after_one_place_s_edit_the_schema_checks_that_place_s_records_only(
    client, offre, monkeypatch
):
    lieu, autre, _retraite, _atelier = offre
    verifies = []
    verifier = data_inclusion._verifier

    def compter(modele, donnees):
        verifies.append(donnees["id"])
        return verifier(modele, donnees)

    monkeypatch.setattr(data_inclusion, "_verifier", compter)
    avant = valider(client)
    assert len(verifies) == 4  # two places, a démarche, a workshop
    verifies.clear()
    autre.nom = "France Services du Pont"
    autre.save()  # a new version of the places' data: the whole file is built again
    apres = valider(client)
    # The edited place's record only: its workshop's record does not change with the name,
    # and the other place and its démarche come from the records checked before.
    assert verifies == [f"ruche--lieu-{autre.pk}"]
    assert any(s["nom"] == "France Services du Pont" for s in apres[0])
    assert [s for s in apres[0] if s["id"].endswith(f"--lieu-{lieu.pk}")] == [
        s for s in avant[0] if s["id"].endswith(f"--lieu-{lieu.pk}")
    ]
