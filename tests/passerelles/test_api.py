"""The API: its OpenAPI document and page, the public offer (cached, limited, open to every
origin), and what a key sees (exactly what its organisation's members see)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.services.cles import creer_cle, revoquer_cle
from permanences.services.rendezvous import reserver_rendez_vous
from ruche.models.lieu import lieu_par_defaut
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import AtelierFactory, DemarcheFactory, occurrence_pour
from tests.ruche.factories import PassageFactory

pytestmark = pytest.mark.django_db

CHEMINS = [
    "/api/v1/lieux",
    "/api/v1/demarches",
    "/api/v1/lieux/{lieu}/demarches/{demarche}/creneaux",
    "/api/v1/ateliers",
    "/api/v1/cle",
    "/api/v1/rendez-vous",
    "/api/v1/inscriptions",
    "/api/v1/occurrences",
    "/api/v1/passages/mensuels",
]


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()


def reserver(occurrence, nom="Awa Diallo"):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        debut=occurrence.debut,
        nom=nom,
        email="awa@exemple.fr",
        telephone="06 12 34 56 78",
    )


def test_the_openapi_document_lists_every_path(client):
    reponse = client.get("/api/openapi.json")
    assert reponse.status_code == 200
    document = reponse.json()
    assert document["openapi"].startswith("3.")
    assert list(document["paths"]) == CHEMINS
    assert (
        "BearerAuth" in str(document["components"]["securitySchemes"])
        or document["components"]["securitySchemes"]
    )
    assert reponse["Access-Control-Allow-Origin"] == "*"


def test_the_browsable_page_lists_the_operations_without_inline_script(client):
    reponse = client.get("/api/")
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "/api/v1/rendez-vous" in texte and "OpenAPI" in texte
    assert "swagger-ui-bundle" in texte and "cdn" not in texte.lower()
    assert "<script>" not in texte and "style=" not in texte
    assert "script-src 'self'" in reponse["Content-Security-Policy"]


def test_the_public_offer(client, association, occurrence):
    AtelierFactory(organisation=association, capacite=4)
    lieu = occurrence.permanence.calendrier.lieu
    lieux = client.get("/api/v1/lieux").json()
    assert [item["slug"] for item in lieux] == [lieu.slug]
    demarches = client.get("/api/v1/demarches").json()
    assert [(d["lieu"], d["slug"]) for d in demarches] == [(lieu.slug, "retraite")]
    reponse = client.get(
        f"/api/v1/lieux/{lieu.slug}/demarches/retraite/creneaux",
        {"du": occurrence.date.isoformat(), "au": occurrence.date.isoformat()},
    )
    assert reponse.status_code == 200 and reponse["Access-Control-Allow-Origin"] == "*"
    creneaux = reponse.json()["creneaux"]
    assert creneaux and {c["occurrence"] for c in creneaux} == {occurrence.pk}
    assert dt.datetime.fromisoformat(creneaux[0]["debut"]) == occurrence.debut
    [atelier] = client.get("/api/v1/ateliers").json()
    assert (atelier["capacite"], atelier["places_libres"]) == (4, 4)


def test_public_reads_are_cached_with_the_versions_of_what_they_show(
    client, association, occurrence
):
    lieu = occurrence.permanence.calendrier.lieu.slug
    adresse = f"/api/v1/lieux/{lieu}/demarches/retraite/creneaux"
    periode = {"du": occurrence.date.isoformat(), "au": occurrence.date.isoformat()}
    premiers = client.get(adresse, periode).json()["creneaux"]
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(adresse, periode).json()["creneaux"] == premiers
    assert len(requetes) == 2  # the address's counter and the versions, in one query
    reserver(occurrence)  # a new version: the slot taken is gone at once
    apres = client.get(adresse, periode).json()["creneaux"]
    assert apres == premiers[1:]


def test_unknown_or_malformed_requests_get_a_french_answer(client, occurrence):
    assert client.get("/api/v1/lieux/nulle-part/demarches/x/creneaux").json() == {
        "detail": "Lieu inconnu."
    }
    reponse = client.get("/api/v1/demarches", {"lieu": "nulle-part"})
    assert reponse.status_code == 404
    lieu = occurrence.permanence.calendrier.lieu.slug
    reponse = client.get(f"/api/v1/lieux/{lieu}/demarches/retraite/creneaux", {"du": "hier"})
    assert reponse.status_code == 422 and "du" in reponse.json()["detail"]
    reponse = client.get(
        f"/api/v1/lieux/{lieu}/demarches/retraite/creneaux",
        {"du": "2027-01-01", "au": "2027-06-01"},
    )
    assert reponse.status_code == 422 and "62 jours" in reponse.json()["detail"]


def test_each_address_is_limited(client, settings):
    settings.API_LIMITE_PAR_MINUTE = 2
    assert client.get("/api/v1/lieux").status_code == 200
    assert client.get("/api/v1/lieux").status_code == 200
    reponse = client.get("/api/v1/lieux")
    assert reponse.status_code == 429 and reponse["Retry-After"] == "60"
    autre = client.get("/api/v1/lieux", REMOTE_ADDR="198.51.100.7")
    assert autre.status_code == 200


def entete(cle):
    return {"HTTP_AUTHORIZATION": f"Bearer {cle}"}


def test_a_key_is_needed_and_a_revoked_key_opens_nothing(client, association):
    assert client.get("/api/v1/rendez-vous").status_code == 401
    cle, texte = creer_cle(nom="Logiciel", organisation=association)
    assert cle.empreinte != texte and texte not in str(cle.__dict__)
    reponse = client.get("/api/v1/cle", **entete(texte))
    assert reponse.json()["organisation"] == str(association)
    revoquer_cle(cle=cle)
    reponse = client.get("/api/v1/cle", **entete(texte))
    assert reponse.status_code == 401
    assert reponse.json() == {"detail": "Clé absente, inconnue ou révoquée."}


def test_an_organisations_key_sees_its_bookings_only(client, association, occurrence):
    autre = OrganisationFactory(nom="Autre association")
    demarche = DemarcheFactory(slug="titre", nom="Titre de séjour")
    occurrence_autre = occurrence_pour(
        demarche, organisation=autre, debut=dt.time(14), fin=dt.time(17)
    )
    mien = reserver(occurrence)
    reserver(occurrence_autre, "Jean Martin")
    _cle, texte = creer_cle(nom="Logiciel", organisation=association)
    periode = {"du": timezone.localdate().isoformat()}
    reponse = client.get("/api/v1/rendez-vous", periode, **entete(texte))
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["count"] == 1
    [item] = corps["items"]
    assert (item["id"], item["nom"], item["email"]) == (mien.pk, "Awa Diallo", "awa@exemple.fr")
    occurrences = client.get("/api/v1/occurrences", periode, **entete(texte)).json()["items"]
    assert [(s["id"], s["rendez_vous"]) for s in occurrences] == [(occurrence.pk, 1)]
    # The place's key sees the place's whole activity.
    _cle, du_lieu = creer_cle(nom="Lieu", lieu=occurrence.permanence.calendrier.lieu)
    corps = client.get("/api/v1/rendez-vous", periode, **entete(du_lieu)).json()
    assert corps["count"] == 2


def test_registrations_with_their_waiting_rank(client, association):
    from permanences.services.ateliers import inscrire

    atelier = AtelierFactory(organisation=association, capacite=1)
    inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
    inscrire(atelier=atelier, nom="Jean Martin", email="jean@exemple.fr")
    AtelierFactory(
        organisation=OrganisationFactory(nom="Autre"),
        capacite=3,
        debut=atelier.debut + dt.timedelta(days=1),
    )
    _cle, texte = creer_cle(nom="Logiciel", organisation=association)
    items = client.get("/api/v1/inscriptions", **entete(texte)).json()["items"]
    assert [(i["nom"], i["statut"], i["rang"]) for i in items] == [
        ("Awa Diallo", "inscrit", None),
        ("Jean Martin", "en_attente", 1),
    ]


def test_monthly_visits_of_the_keys_places(client, association):
    from ruche.models import Lieu

    lieu = Lieu.objects.get(pk=lieu_par_defaut())
    maintenant = timezone.now()
    PassageFactory.create_batch(3, lieu=lieu, quand=maintenant)
    _cle, du_lieu = creer_cle(nom="Lieu", lieu=lieu)
    lignes = client.get("/api/v1/passages/mensuels", **entete(du_lieu)).json()
    assert [(ligne["lieu"], ligne["passages"]) for ligne in lignes] == [(lieu.slug, 3)]
    # A partner association runs no place: no visits to read.
    _cle, partenaire = creer_cle(nom="Logiciel", organisation=association)
    assert client.get("/api/v1/passages/mensuels", **entete(partenaire)).json() == []


def test_a_keyed_list_reads_the_same_number_of_queries_whatever_its_length(
    client, association, occurrence
):
    _cle, texte = creer_cle(nom="Logiciel", organisation=association)
    periode = {"du": timezone.localdate().isoformat()}
    reserver(occurrence)
    client.get("/api/v1/occurrences", periode, **entete(texte))  # the key's last use written

    def compter(chemin):
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(chemin, periode, **entete(texte)).status_code == 200
        return len(requetes)

    avant = {chemin: compter(chemin) for chemin in ("/api/v1/rendez-vous", "/api/v1/occurrences")}
    duree = occurrence.permanence.demarches.get().duree_minutes
    for rang in (1, 2, 3):
        reserver_rendez_vous(
            occurrence=occurrence,
            demarche=occurrence.permanence.demarches.get(),
            debut=occurrence.debut + dt.timedelta(minutes=duree * rang),
            nom=f"Habitant {rang}",
            email=f"h{rang}@exemple.fr",
        )
    apres = {chemin: compter(chemin) for chemin in avant}
    assert apres == avant


def test_keyed_reads_are_counted_apart_from_public_ones(client, settings, association):
    settings.API_LIMITE_PAR_MINUTE = 1
    settings.API_LIMITE_CLE_PAR_MINUTE = 2
    _cle, texte = creer_cle(nom="Logiciel", organisation=association)
    assert client.get("/api/v1/lieux").status_code == 200
    assert client.get("/api/v1/lieux").status_code == 429
    assert client.get("/api/v1/cle", **entete(texte)).status_code == 200
    assert client.get("/api/v1/cle", **entete(texte)).status_code == 200
    assert client.get("/api/v1/cle", **entete(texte)).status_code == 429
