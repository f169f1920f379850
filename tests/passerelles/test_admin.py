"""Staff create and revoke keys and subscriptions in the admin: a key or a secret is shown
once and never stored in clear; each staff member manages those of their places only; the
delivery log replays a delivery."""

import pytest
from django.urls import reverse

from passerelles.models import Abonnement, CleApi, Livraison
from passerelles.services.cles import empreinte, trouver_cle
from ruche.models import Lieu
from ruche.models.lieu import lieu_par_defaut
from tests.passerelles.conftest import abonner
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personnel(client):
    agent = PersonnelFactory()
    client.force_login(agent)
    return agent


def test_a_key_is_shown_once_and_kept_hashed(client, personnel, association):
    reponse = client.post(
        reverse("admin:passerelles_cleapi_add"),
        {"nom": "Logiciel de l'association", "organisation": association.pk, "lieu": ""},
    )
    assert reponse.status_code == 200 and "no-store" in reponse["Cache-Control"]
    cle = CleApi.objects.get()
    texte = reponse.context["secret"]
    assert texte.startswith(cle.prefixe) and cle.empreinte == empreinte(texte)
    assert texte not in str(CleApi.objects.values().get())
    assert cle.cree_par == personnel
    assert (
        texte
        not in client.get(
            reverse("admin:passerelles_cleapi_change", args=[cle.pk])
        ).content.decode()
    )
    client.post(
        reverse("admin:passerelles_cleapi_changelist"),
        {"action": "revoquer", "_selected_action": [cle.pk]},
    )
    assert trouver_cle(texte) is None


def test_a_key_needs_one_holder(client, personnel, association):
    reponse = client.post(
        reverse("admin:passerelles_cleapi_add"),
        {"nom": "Deux titulaires", "organisation": association.pk, "lieu": lieu_par_defaut()},
    )
    assert "Choisissez une organisation ou un lieu, pas les deux." in reponse.content.decode()
    assert not CleApi.objects.exists()


def test_a_subscription_gets_its_secret_shown_once_and_refuses_plain_http(
    client, personnel, association
):
    adresse = reverse("admin:passerelles_abonnement_add")
    donnees = {
        "nom": "Outil",
        "organisation": association.pk,
        "url": "http://outil.exemple.fr/webhooks",
        "evenements": ["rendez_vous.cree", "occurrence.annulee"],
        "actif": "on",
        "secrets-TOTAL_FORMS": "0",
        "secrets-INITIAL_FORMS": "0",
    }
    reponse = client.post(adresse, donnees)
    assert "https://" in reponse.content.decode() and not Abonnement.objects.exists()
    reponse = client.post(adresse, {**donnees, "url": "https://outil.exemple.fr/webhooks"})
    abonnement = Abonnement.objects.get()
    assert reponse.context["secret"].startswith("whsec_")
    assert abonnement.secrets_valides() == [reponse.context["secret"]]
    assert abonnement.evenements == ["rendez_vous.cree", "occurrence.annulee"]


def test_staff_manage_the_keys_of_their_places_only(client, association):
    ici = Lieu.objects.get(pk=lieu_par_defaut())
    ailleurs = Lieu.objects.create(nom="France Services Pont", slug="pont")
    agent = PersonnelFactory()
    agent.lieux.set([ailleurs])
    client.force_login(agent)
    from passerelles.services.cles import creer_cle

    cle, _texte = creer_cle(nom="Clé du lieu", lieu=ici)
    assert client.get(reverse("admin:passerelles_cleapi_change", args=[cle.pk])).status_code in (
        302,
        404,
    )
    liste = client.get(reverse("admin:passerelles_cleapi_changelist")).content.decode()
    assert "Clé du lieu" not in liste


def test_the_delivery_log_replays_a_delivery(
    client, personnel, local, association, occurrence, django_capture_on_commit_callbacks
):
    from tests.passerelles.recepteur import Recepteur
    from tests.passerelles.test_webhooks import reserver

    with Recepteur() as recepteur:
        abonner(recepteur.url, organisation=association)
        with django_capture_on_commit_callbacks(execute=True):
            reserver(occurrence)
        livraison = Livraison.objects.get()
        page = client.get(reverse("admin:passerelles_livraison_changelist")).content.decode()
        assert "rendez_vous.cree" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("admin:passerelles_livraison_changelist"),
                {"action": "rejouer_livraisons", "_selected_action": [livraison.pk]},
            )
    assert recepteur.identifiants == [livraison.identifiant, livraison.identifiant]
