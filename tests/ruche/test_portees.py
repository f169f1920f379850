"""Scoped versions (ruche.portees): a write changes the versions of what shows it, and no
more. A booking changes its place's public pages, not another place's; a convention or a
place changes the whole network's; a visit typed, a login's last_login and an attendance
mark change no public page, and the accounts kept per process survive what is not theirs."""

import pytest
from django.test import Client
from django.utils import timezone

from permanences.services.rendezvous import marquer_presence, reserver_rendez_vous
from ruche.comptes import COMPTES
from ruche.models import Lieu
from ruche.models.lieu import lieu_par_defaut
from ruche.models.passage import Accompagnement
from ruche.passages.services import enregistrer_passage
from ruche.portees import PUBLIC, TOUS, nom_du_lieu, version_publique
from ruche.versions import version, versions
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

PAGE = "/rendez-vous/titre-de-sejour/"


def toutes():
    alpha = Lieu.objects.get(pk=lieu_par_defaut()).slug
    return dict(versions(PUBLIC, TOUS, nom_du_lieu(alpha), nom_du_lieu("lieu-beta")))


@pytest.fixture
def deux_lieux(db):
    """The first place (where the factories' partners hold their convention) and another."""
    alpha = Lieu.objects.get(pk=lieu_par_defaut())
    beta = Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")
    return alpha, beta


def test_a_booking_changes_its_place_pages_only(deux_lieux, django_capture_on_commit_callbacks):
    alpha, _beta = deux_lieux
    demarche = DemarcheFactory(lieu=alpha, slug="titre-de-sejour")
    occurrence = occurrence_pour(demarche)
    avant = toutes()
    with django_capture_on_commit_callbacks(execute=True):
        reserver_rendez_vous(
            occurrence=occurrence,
            demarche=demarche,
            debut=occurrence.debut,
            nom="Awa Diallo",
            telephone="0612345678",
        )
    apres = toutes()
    assert apres[nom_du_lieu(alpha.slug)] != avant[nom_du_lieu(alpha.slug)]
    assert apres[TOUS] != avant[TOUS]  # secret links, the pages of a one-place install
    assert apres[nom_du_lieu("lieu-beta")] == avant[nom_du_lieu("lieu-beta")]
    assert apres[PUBLIC] == avant[PUBLIC]


def test_a_place_changed_changes_every_public_page(deux_lieux):
    alpha, beta = deux_lieux
    avant = version_publique("lieu-beta")
    alpha.telephone = "04 66 00 00 00"
    alpha.save()
    assert version_publique("lieu-beta") != avant


def test_a_visit_typed_a_login_and_an_attendance_mark_change_no_public_page(
    deux_lieux, django_capture_on_commit_callbacks
):
    alpha, _beta = deux_lieux
    agent = PersonnelFactory()
    agent.lieux.add(alpha)
    demarche = DemarcheFactory(lieu=alpha, slug="titre-de-sejour")
    rdv = RendezVousFactory(
        occurrence=occurrence_pour(demarche, jour=timezone.localdate()), demarche=demarche
    )
    avant, comptes, donnees = toutes(), version(COMPTES), version()
    with django_capture_on_commit_callbacks(execute=True):
        enregistrer_passage(auteur=agent, accompagnement=Accompagnement.values[0], lieu=alpha)
        agent.last_login = timezone.now()
        agent.save(update_fields=["last_login"])
        marquer_presence(rendez_vous=rdv, venu=True)
    assert toutes() == avant
    assert version(COMPTES) == comptes  # the accounts kept per process stay
    assert version() != donnees  # the staff's pages show the visit and the attendance


def test_a_visit_typed_keeps_the_cached_public_page(client, django_assert_num_queries):
    occurrence_pour(DemarcheFactory(slug="titre-de-sejour"))
    agent = PersonnelFactory()
    assert client.get(PAGE).status_code == 200
    enregistrer_passage(auteur=agent, accompagnement=Accompagnement.values[0])
    with django_assert_num_queries(1):  # the page's versions: still the cached page
        assert Client().get(PAGE).status_code == 200


def test_an_install_whose_network_never_changed_still_caches_its_public_pages(
    client, django_assert_num_queries
):
    """A database migrated from before the scoped versions (or where no place, organisation
    or convention was saved since) has no row for the network's version: the first public
    page makes it, instead of every page being rendered at every request."""
    from ruche.models import VersionDonnees

    occurrence_pour(DemarcheFactory(slug="titre-de-sejour"))
    VersionDonnees.objects.all().delete()
    assert client.get(PAGE).status_code == 200
    with django_assert_num_queries(1):  # the page's versions: the cached page
        assert Client().get(PAGE).status_code == 200


def test_the_accounts_are_kept_per_process_without_their_version_row(client):
    """The same for the accounts kept per process (ruche.comptes): without their version's
    row, a logged-in page would read the account, its roles and places at every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ruche.models import VersionDonnees

    client.force_login(PersonnelFactory())
    VersionDonnees.objects.all().delete()
    for _ in range(2):
        assert client.get("/espace/journee/").status_code == 200
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/espace/journee/").status_code == 200
    lues = " ".join(q["sql"] for q in requetes.captured_queries)
    assert 'FROM "ruche_utilisateur" ' not in lues
