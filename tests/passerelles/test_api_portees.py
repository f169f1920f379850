"""The API's public reads kept under the versions of what each answer shows
(passerelles.views.acces, ruche.portees): an answer follows at once each kind of change it
shows, while a write elsewhere (a booking, a registration or a visit at another place, a
booking of another démarche) keeps it. They were kept under the data's version, which every
booking of the network renews: under a stream of bookings, almost never served."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partenariats.models import Convention
from permanences.services.ateliers import annuler_inscription, inscrire
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from ruche.models import Fermeture, HoraireOuverture, Lieu
from ruche.models.lieu import lieu_par_defaut
from ruche.models.passage import Accompagnement
from ruche.passages.services import enregistrer_passage
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    ResiliationFactory,
    RucheFactory,
)
from tests.permanences.factories import (
    AtelierFactory,
    CalendrierFactory,
    DemarcheFactory,
    SalleFactory,
    occurrence_pour,
)
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()


@pytest.fixture
def reseau(db):
    """Two places, each with a démarche "retraite" taking appointments and a workshop; at the
    first, a second démarche with a session of its own."""
    alpha = Lieu.objects.get(pk=lieu_par_defaut())
    beta = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont-Saint-Esprit")
    monde = {"alpha": alpha, "beta": beta}
    for cle, lieu in monde.copy().items():
        partenaire = OrganisationFactory(nom=f"Association de {lieu.nom}", en_convention=False)
        convention = ConventionFactory(
            lieu=lieu, debut=dt.date(2020, 1, 1), premiere_fin=dt.date(2020, 12, 31)
        )
        PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
        PartieFactory(convention=convention, organisation=partenaire, ordre=2)
        demarche = DemarcheFactory(lieu=lieu, slug="retraite", nom="Vos droits à la retraite")
        calendrier = CalendrierFactory(organisation=partenaire, lieu=lieu)
        salle = SalleFactory(lieu=lieu, nom=f"Bureau de {lieu.nom}")
        monde[f"occurrence_{cle}"] = occurrence_pour(demarche, calendrier=calendrier, salle=salle)
        monde[f"atelier_{cle}"] = AtelierFactory(
            organisation=partenaire, salle=SalleFactory(lieu=lieu, nom=f"Atelier {lieu.nom}")
        )
        monde[f"calendrier_{cle}"] = calendrier
    autre = DemarcheFactory(lieu=alpha, slug="titre-de-sejour", nom="Titre de séjour")
    monde["occurrence_autre"] = occurrence_pour(
        autre,
        jour=timezone.localdate() + dt.timedelta(days=8),
        calendrier=monde["calendrier_alpha"],
        salle=SalleFactory(lieu=alpha, nom="Bureau 2"),
    )
    return monde


def creneaux(lieu, occurrence, demarche="retraite"):
    jour = occurrence.date.isoformat()
    return f"/api/v1/lieux/{lieu.slug}/demarches/{demarche}/creneaux?du={jour}&au={jour}"


def adresses(monde):
    """The public reads about the first place, and about every place."""
    alpha = monde["alpha"]
    return {
        "lieux": "/api/v1/lieux",
        "demarches": "/api/v1/demarches",
        "demarches_alpha": f"/api/v1/demarches?lieu={alpha.slug}",
        "creneaux_alpha": creneaux(alpha, monde["occurrence_alpha"]),
        "ateliers": "/api/v1/ateliers",
        "ateliers_alpha": f"/api/v1/ateliers?lieu={alpha.slug}",
    }


def lire(client, adresse):
    """(the answer, whether it came from the cache: the address's counter and the versions,
    nothing else read)."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(adresse)
    assert reponse.status_code == 200, reponse.content
    return reponse.json(), len(requetes) == 2


def reserver(occurrence, debut=None):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        debut=debut or occurrence.debut,
        nom="Awa Diallo",
        telephone="06 12 34 56 78",
    )


def test_a_write_elsewhere_keeps_every_answer(client, reseau, django_capture_on_commit_callbacks):
    lues = {nom: lire(client, adresse)[0] for nom, adresse in adresses(reseau).items()}
    assert lues["creneaux_alpha"]["creneaux"] and lues["ateliers_alpha"]
    assert lire(client, adresses(reseau)["creneaux_alpha"])[1]
    agent = PersonnelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reserver(reseau["occurrence_beta"])  # another place's booking
        inscrire(atelier=reseau["atelier_beta"], nom="Jean Dupont", telephone="0611223344")
        reserver(reseau["occurrence_autre"])  # another démarche of the place, its own session
        enregistrer_passage(
            auteur=agent, accompagnement=Accompagnement.values[0], lieu=reseau["alpha"]
        )
    for nom, adresse in adresses(reseau).items():
        if nom == "ateliers":
            continue  # every place's workshops: the registration at the other place shows
        assert lire(client, adresse) == (lues[nom], True), nom


def test_a_booking_keeps_the_answers_that_do_not_show_its_free_times(
    client, reseau, django_capture_on_commit_callbacks
):
    lues = {nom: lire(client, adresse)[0] for nom, adresse in adresses(reseau).items()}
    with django_capture_on_commit_callbacks(execute=True):
        reserver(reseau["occurrence_alpha"])
    for nom, adresse in adresses(reseau).items():
        if nom != "creneaux_alpha":
            assert lire(client, adresse) == (lues[nom], True), nom


def test_free_slots_follow_bookings_cancellations_sessions_closures_and_conventions(
    client, reseau, django_capture_on_commit_callbacks
):
    occurrence = reseau["occurrence_alpha"]
    adresse = adresses(reseau)["creneaux_alpha"]

    def debuts():
        return [c["debut"] for c in lire(client, adresse)[0]["creneaux"]]

    tous = debuts()
    assert len(tous) == 4
    with django_capture_on_commit_callbacks(execute=True):
        rdv = reserver(occurrence)
    assert debuts() == tous[1:]
    with django_capture_on_commit_callbacks(execute=True):
        annuler_rendez_vous(rendez_vous=rdv, par=PersonnelFactory())
    assert debuts() == tous
    # A démarche sharing the session: its booking takes the time from "retraite" too.
    partagee = DemarcheFactory(lieu=reseau["alpha"], slug="partagee", duree_minutes=45)
    occurrence.permanence.demarches.add(partagee)
    assert debuts() == tous
    with django_capture_on_commit_callbacks(execute=True):
        reserver_rendez_vous(
            occurrence=occurrence,
            demarche=partagee,
            debut=occurrence.debut + dt.timedelta(minutes=45),
            nom="Jean Dupont",
            telephone="0611223344",
        )
    assert debuts() == [tous[0], *tous[2:]]
    # Another session the same day, then a closure, then the end of the partnership.
    occurrence_pour(
        occurrence.permanence.demarches.get(slug="retraite"),
        jour=occurrence.date,
        debut=dt.time(14),
        fin=dt.time(15, 30),
        calendrier=occurrence.permanence.calendrier,
        salle=occurrence.permanence.salle,
    )
    assert len(debuts()) == 5
    fermeture = Fermeture.objects.create(
        lieu=reseau["alpha"], debut=occurrence.date, fin=occurrence.date, motif="Travaux"
    )
    assert debuts() == []
    fermeture.delete()
    assert len(debuts()) == 5
    convention = Convention.objects.get(lieu=reseau["alpha"])
    ResiliationFactory(convention=convention, date=timezone.localdate())
    assert debuts() == []


def test_places_follow_their_names_hours_and_closures(client, reseau):
    adresse = adresses(reseau)["lieux"]

    def alpha():
        lieux = lire(client, adresse)[0]
        return next(lieu for lieu in lieux if lieu["slug"] == reseau["alpha"].slug)

    assert not alpha()["ferme_aujourdhui"]
    lieu = reseau["alpha"]
    lieu.nom = "Maison France Services"
    lieu.save()
    assert alpha()["nom"] == "Maison France Services"
    HoraireOuverture.objects.create(lieu=lieu, jour=5, debut=dt.time(10), fin=dt.time(11, 30))
    assert {"jour": 5, "debut": "10:00:00", "fin": "11:30:00"} in alpha()["horaires"]
    aujourdhui = timezone.localdate()
    Fermeture.objects.create(lieu=lieu, debut=aujourdhui, fin=aujourdhui, motif="Travaux")
    assert alpha()["ferme_aujourdhui"]


def test_demarches_follow_their_place_s_offer(client, reseau, django_capture_on_commit_callbacks):
    noms = {}
    for nom in ("demarches", "demarches_alpha"):
        noms[nom] = [d["nom"] for d in lire(client, adresses(reseau)[nom])[0]]
    demarche = reseau["occurrence_alpha"].permanence.demarches.get()
    demarche.nom = "Retraite : vos droits"
    with django_capture_on_commit_callbacks(execute=True):  # every place's, after the commit
        demarche.save()
    for nom in noms:
        assert "Retraite : vos droits" in [
            d["nom"] for d in lire(client, adresses(reseau)[nom])[0]
        ], nom
    demarche.active = False
    with django_capture_on_commit_callbacks(execute=True):
        demarche.save()
    for nom in noms:
        assert "Retraite : vos droits" not in [
            d["nom"] for d in lire(client, adresses(reseau)[nom])[0]
        ], nom


def test_workshops_follow_registrations_and_their_edits(
    client, reseau, django_capture_on_commit_callbacks
):
    atelier = reseau["atelier_alpha"]

    def places():
        return {
            nom: [a["places_libres"] for a in lire(client, adresses(reseau)[nom])[0]]
            for nom in ("ateliers", "ateliers_alpha")
        }

    assert places() == {"ateliers": [6, 6], "ateliers_alpha": [6]}
    with django_capture_on_commit_callbacks(execute=True):
        inscription = inscrire(atelier=atelier, nom="Jean Dupont", telephone="0611223344")
    assert places() == {"ateliers": [5, 6], "ateliers_alpha": [5]}
    with django_capture_on_commit_callbacks(execute=True):
        annuler_inscription(inscription=inscription)
    assert places() == {"ateliers": [6, 6], "ateliers_alpha": [6]}
    atelier.capacite = 10
    with django_capture_on_commit_callbacks(execute=True):
        atelier.save()
    assert places() == {"ateliers": [10, 6], "ateliers_alpha": [10]}


def test_a_malformed_place_or_demarche_is_a_404_never_kept(client, reseau):
    for adresse in (
        "/api/v1/demarches?lieu=pas%00un-lieu",
        "/api/v1/ateliers?lieu=%C3%A9t%C3%A9",
        f"/api/v1/lieux/{reseau['alpha'].slug}/demarches/re%00traite/creneaux",
        "/api/v1/lieux/pas%00un-lieu/demarches/retraite/creneaux",
    ):
        assert client.get(adresse).status_code == 404, adresse
