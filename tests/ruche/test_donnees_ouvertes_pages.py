"""The CSV and JSON of the install's places at /donnees/: valid against the national schema,
public, cached, in a fixed number of queries, with no personal data, linked from every page."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from opening_hours import OpeningHours

from ruche.donnees_ouvertes.fiche import COLONNES
from ruche.formats import PARIS
from ruche.models import HoraireOuverture, Lieu
from ruche.versions import changer_version
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    FermetureFactory,
    RendezVousFactory,
    SalleFactory,
)
from tests.ruche.test_donnees_ouvertes import _rapport

pytestmark = pytest.mark.django_db

CSV = "/donnees/lieux.csv"
JSON = "/donnees/lieux.json"


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()


def _lieu(n, **champs):
    valeurs = {
        "nom": f"France Services {n}",
        "slug": f"france-services-{n}",
        "adresse": f"{n} place de la Mairie",
        "code_postal": "30200",
        "commune": "Bagnols-sur-Cèze",
        "code_insee": "30028",
        "telephone": "04 66 39 00 00",
        "courriel": f"accueil{n}@example.org",
        "siret": "21300283500016",
        "latitude": "44.162300",
        "longitude": "4.619300",
        "presentation": "Aide aux démarches et accès libre aux ordinateurs.",
    }
    valeurs.update(champs)
    lieu = Lieu.objects.create(**valeurs)
    HoraireOuverture.objects.bulk_create(
        HoraireOuverture(lieu=lieu, jour=jour, debut=debut, fin=fin)
        for jour in range(5)
        for debut, fin in ((dt.time(9), dt.time(12)), (dt.time(14), dt.time(17)))
    )
    return lieu


def _fiches(client):
    return {f["id"]: f for f in json.loads(client.get(JSON).content)}


def test_le_csv_est_valide_et_public(client):
    lieu = _lieu(1)
    _lieu(2, telephone="", latitude=None, longitude=None, siret="")
    DemarcheFactory(lieu=lieu, theme="retraite")
    reponse = client.get(CSV)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert "public" in reponse["Cache-Control"]
    texte = reponse.content.decode("utf-8")
    rapport = _rapport(texte)
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert texte.splitlines()[0] == ",".join(COLONNES)
    assert "France Services 1" in texte and "France Services 2" in texte


def test_un_lieu_sans_adresse_n_est_pas_publie(client):
    """The first place of an install, made from one line of settings, has no street yet:
    published, it made the whole file invalid for the national map."""
    sans_adresse = _lieu(1, adresse="")
    complet = _lieu(2)
    fiches = _fiches(client)
    assert f"lieu-{sans_adresse.pk}" not in fiches
    assert f"lieu-{complet.pk}" in fiches
    assert _rapport(client.get(CSV).content.decode()).valid


def test_le_json_porte_les_memes_fiches(client):
    Lieu.objects.all().delete()  # one place: the un-prefixed booking page
    lieu = _lieu(1)
    reponse = client.get(JSON)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json; charset=utf-8"
    fiche = _fiches(client)[f"lieu-{lieu.pk}"]
    assert fiche["nom"] == "France Services 1"
    assert fiche["telephone"] == "+33466390000"
    assert fiche["latitude"] == pytest.approx(44.1623)
    assert fiche["typologie"] == "RFS"
    assert fiche["date_maj"] == timezone.localdate(lieu.date_maj).isoformat()
    assert fiche["prise_rdv"] == "http://testserver/rendez-vous/"  # its only place


def test_prise_rdv_est_la_page_de_reservation_de_chaque_lieu(client):
    """With several places, each record points at its own place's booking page, which
    lists that place's démarches."""
    premier, second = _lieu(1), _lieu(2)
    DemarcheFactory(lieu=premier, nom="Retraite au lieu 1", slug="retraite")
    DemarcheFactory(lieu=second, nom="Retraite au lieu 2", slug="retraite")
    fiches = _fiches(client)
    assert fiches[f"lieu-{premier.pk}"]["prise_rdv"] == (
        "http://testserver/france-services-1/rendez-vous/"
    )
    adresse = fiches[f"lieu-{second.pk}"]["prise_rdv"]
    assert adresse == "http://testserver/france-services-2/rendez-vous/"
    page = client.get(adresse.removeprefix("http://testserver")).content.decode()
    assert "Retraite au lieu 2" in page and "Retraite au lieu 1" not in page


def test_les_horaires_suivent_les_ouvertures_et_les_fermetures_a_venir(client):
    lieu = _lieu(1)
    autre = _lieu(2)
    demain = timezone.localdate() + dt.timedelta(days=1)
    FermetureFactory(lieu=lieu, debut=demain, fin=demain, motif="Formation de l'équipe")
    FermetureFactory(lieu=lieu, debut=dt.date(2020, 1, 2), fin=dt.date(2020, 1, 3), motif="Passée")
    fiches = _fiches(client)
    texte = fiches[f"lieu-{lieu.pk}"]["horaires"]
    assert texte.startswith("Mo-Fr 09:00-12:00,14:00-17:00; ")
    assert "2020" not in texte  # a past closure is no news
    horaires = OpeningHours(texte, timezone=PARIS)
    assert not horaires.is_open(dt.datetime.combine(demain, dt.time(10), tzinfo=PARIS))
    # The closure is the first place's only.
    assert fiches[f"lieu-{autre.pk}"]["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00"


def test_les_services_viennent_des_demarches_et_des_ateliers(client):
    lieu = _lieu(1)
    DemarcheFactory(lieu=lieu, theme="titre_sejour")
    AtelierFactory(salle=SalleFactory(lieu=lieu), public="demandeurs_emploi")
    services = _fiches(client)[f"lieu-{lieu.pk}"]["services"].split("|")
    assert services == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Accès internet et matériel informatique",
    ]


def test_aucune_donnee_personnelle(client):
    lieu = _lieu(1)
    rendez_vous = RendezVousFactory(
        demarche=DemarcheFactory(lieu=lieu), nom="Ginette Lambert", email="ginette@exemple.fr"
    )
    texte = client.get(CSV).content.decode() + client.get(JSON).content.decode()
    assert rendez_vous.nom not in texte
    assert rendez_vous.email not in texte
    assert "06 12 34 56 78" not in texte


def _requetes(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200
    return len(capture.captured_queries)


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_lieux(client):
    lieu = _lieu(1)
    DemarcheFactory(lieu=lieu)
    un = _requetes(client, CSV)
    for n in range(2, 6):
        autre = _lieu(n)
        DemarcheFactory(lieu=autre)
        FermetureFactory(lieu=autre)
        AtelierFactory(salle=SalleFactory(lieu=autre, nom=f"Salle {n}"))
    assert _requetes(client, CSV) == un


def test_refaire_l_export_apres_un_changement_ne_refait_que_la_fiche_du_lieu(client, monkeypatch):
    """Any place's change makes the whole export again: at 877 places it took 4.8 s cold,
    each place's record computed again (its telephone parsed, its hours written, its booking
    address resolved). Now the address is resolved once per export, and a process that made
    the export before computes again only the record of the place that changed."""
    from ruche.donnees_ouvertes import selecteurs, views

    lieux = [_lieu(n) for n in range(1, 13)]
    faites, resolues = [], []
    fiche, url_lieu = selecteurs.fiche, views.url_lieu
    monkeypatch.setattr(
        selecteurs, "fiche", lambda lieu, **k: faites.append(lieu.pk) or fiche(lieu, **k)
    )
    monkeypatch.setattr(views, "url_lieu", lambda *a, **k: resolues.append(1) or url_lieu(*a, **k))
    premier = client.get(CSV).content.decode()
    assert len(resolues) == 1
    lieux[3].telephone = "04 66 50 50 50"
    lieux[3].save()
    faites.clear()
    texte = client.get(CSV).content.decode()
    assert faites == [lieux[3].pk]
    assert len(resolues) == 2
    assert "+33466505050" in texte

    def autres(export):
        return [ligne for ligne in export.splitlines() if f"lieu-{lieux[3].pk}," not in ligne]

    assert autres(texte) == autres(premier) and len(autres(texte)) == 12


def test_la_reponse_est_gardee_en_cache(client):
    _lieu(1)
    client.get(CSV)
    with CaptureQueriesContext(connection) as capture:
        assert client.get(JSON).status_code == 200
    assert len(capture.captured_queries) == 1  # the places' version, nothing else


def test_une_modification_faite_par_un_autre_processus_se_voit_aussitot(client):
    """Another web process edits the place: this process's cache is not told, but the
    version in the database changed with the edit."""
    lieu = _lieu(1)
    assert "+33466390000" in client.get(CSV).content.decode()
    Lieu.objects.filter(pk=lieu.pk).update(telephone="04 66 50 50 50")  # no signal here
    changer_version("lieux")  # what the other process's signal did, in its transaction
    assert "+33466505050" in client.get(CSV).content.decode()


def test_une_modification_du_lieu_se_voit_aussitot(client):
    lieu = _lieu(1)
    assert "+33466390000" in client.get(CSV).content.decode()
    lieu.telephone = "04 66 50 50 50"
    lieu.save()
    HoraireOuverture.objects.create(lieu=lieu, jour=5, debut=dt.time(9), fin=dt.time(12))
    texte = client.get(CSV).content.decode()
    assert "+33466505050" in texte
    assert "Sa 09:00-12:00" in texte


@pytest.mark.parametrize("url", [CSV, JSON])
def test_une_ecriture_est_refusee_sans_erreur(client, url):
    assert client.post(url).status_code == 405


def test_le_pied_de_page_donne_le_lien(client):
    assert CSV in client.get("/").content.decode()
