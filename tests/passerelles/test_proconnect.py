"""ProConnect login, end to end against a local OpenID Connect provider started by the test:
the agent's browser is the test client for Ruche's pages and a plain HTTP client for the
provider's; Ruche speaks to the provider over loopback HTTP (token, JWKS, user info)."""

import http.client
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from ruche.models import Utilisateur
from tests.passerelles.fournisseur_oidc import CLIENT_ID, CLIENT_SECRET, FournisseurOidc
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fournisseur(settings):
    cache.clear()  # the discovery document of another test's provider
    with FournisseurOidc(email="Agent.Martin@Gard.gouv.fr", given_name="Claire") as f:
        settings.PROCONNECT_ISSUER = f.url
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        yield f


def suivre_le_fournisseur(adresse):
    """What the browser does at the provider: GET, and read where it sends back."""
    parties = urlsplit(adresse)
    connexion = http.client.HTTPConnection(parties.hostname, parties.port, timeout=10)
    connexion.request("GET", f"{parties.path}?{parties.query}")
    reponse = connexion.getresponse()
    assert reponse.status == 302
    retour = urlsplit(reponse.getheader("Location"))
    connexion.close()
    return f"{retour.path}?{retour.query}"


def se_connecter(client):
    depart = client.get("/connexion/proconnect/")
    assert depart.status_code == 302
    return client.get(suivre_le_fournisseur(depart["Location"]))


def test_an_agent_logs_in_with_proconnect_on_their_existing_account(client, fournisseur):
    agent = PersonnelFactory(email="agent.martin@gard.gouv.fr")
    comptes = Utilisateur.objects.count()
    reponse = se_connecter(client)
    assert reponse.status_code == 302
    assert reponse["Location"] == "/espace/journee/" or reponse["Location"].startswith("/")
    assert client.session[SESSION_KEY] == str(agent.pk)
    assert Utilisateur.objects.count() == comptes  # nothing created
    assert client.get(reponse["Location"]).status_code == 200


def echec(client, fournisseur):
    reponse = se_connecter(client)
    assert reponse.status_code == 302 and reponse["Location"] == "/connexion/"
    assert SESSION_KEY not in client.session
    page = client.get("/connexion/").content.decode()
    return page


def test_no_account_with_that_address_is_said_and_none_is_created(client, fournisseur):
    BenevoleFactory(email="autre@exemple.fr")
    comptes = Utilisateur.objects.count()
    page = echec(client, fournisseur)
    assert "Aucun compte de la Ruche n&#x27;a l&#x27;adresse Agent.Martin@Gard.gouv.fr" in page
    assert Utilisateur.objects.count() == comptes
    # Shown once: the next display of the page is clean.
    assert "Aucun compte" not in client.get("/connexion/").content.decode()


def test_an_unverified_address_is_refused(client, fournisseur):
    PersonnelFactory(email="agent.martin@gard.gouv.fr")
    fournisseur.claims["email_verified"] = False
    assert "n&#x27;a pas confirmé votre adresse" in echec(client, fournisseur)


def test_an_address_on_two_accounts_is_refused(client, fournisseur):
    PersonnelFactory(email="agent.martin@gard.gouv.fr")
    BenevoleFactory(email="AGENT.MARTIN@gard.gouv.fr")
    assert "Plusieurs comptes de la Ruche" in echec(client, fournisseur)


def test_a_deactivated_account_stays_closed(client, fournisseur):
    PersonnelFactory(email="agent.martin@gard.gouv.fr", is_active=False)
    assert "est désactivé" in echec(client, fournisseur)


def test_a_login_cancelled_at_the_provider_is_said(client, fournisseur):
    fournisseur.refuser = "access_denied"
    assert "Vous avez annulé la connexion" in echec(client, fournisseur)


def test_a_return_without_its_start_is_refused(client, fournisseur):
    PersonnelFactory(email="agent.martin@gard.gouv.fr")
    reponse = client.get("/connexion/proconnect/retour/?code=abc&state=inconnu")
    assert reponse["Location"] == "/connexion/" and SESSION_KEY not in client.session
    assert "a pris trop de temps" in client.get("/connexion/").content.decode()


def test_a_provider_that_does_not_answer_leaves_the_password_login(client, settings):
    cache.clear()
    settings.PROCONNECT_ISSUER = "http://127.0.0.1:9/api/v2"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TIMEOUT = 2
    reponse = client.get("/connexion/proconnect/")
    assert reponse["Location"] == "/connexion/"
    assert "ProConnect ne répond pas" in client.get("/connexion/").content.decode()
    PersonnelFactory(username="agent", password="mot-de-passe-solide-42")
    reponse = client.post(
        "/connexion/", {"username": "agent", "password": "mot-de-passe-solide-42"}
    )
    assert reponse.status_code == 302 and SESSION_KEY in client.session


def test_without_configuration_only_the_password_login_shows(client, settings):
    settings.PROCONNECT_ISSUER = ""
    assert "ProConnect" not in client.get("/connexion/").content.decode()
    assert client.get("/connexion/proconnect/").status_code == 404


def test_the_button_shows_when_configured(client, fournisseur):
    page = client.get("/connexion/").content.decode()
    assert "identifier avec ProConnect" in page and 'href="/connexion/proconnect/"' in page


def test_logging_out_after_proconnect_logs_out_at_the_provider_too(client, fournisseur, settings):
    """Otherwise the next person at a shared computer is let back in by the button alone."""
    from urllib.parse import parse_qs

    settings.SITE_URL = "https://ruche.example.fr"
    PersonnelFactory(email="agent.martin@gard.gouv.fr")
    se_connecter(client)
    jeton = client.session["oidc_id_token"]
    reponse = client.post("/deconnexion/")
    assert SESSION_KEY not in client.session
    adresse = urlsplit(reponse["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{fournisseur.url}/session/end"
    parametres = {nom: valeurs[0] for nom, valeurs in parse_qs(adresse.query).items()}
    assert parametres["id_token_hint"] == jeton and parametres["state"]
    assert parametres["post_logout_redirect_uri"] == "https://ruche.example.fr/"


def test_a_password_login_logs_out_here_only_even_with_proconnect_on(client, fournisseur):
    PersonnelFactory(username="agent", password="mot-de-passe-solide-42")
    client.post("/connexion/", {"username": "agent", "password": "mot-de-passe-solide-42"})
    reponse = client.post("/deconnexion/")
    assert reponse["Location"] == "/" and SESSION_KEY not in client.session


def test_a_provider_gone_at_logout_still_logs_out_here(client, fournisseur, settings):
    PersonnelFactory(email="agent.martin@gard.gouv.fr")
    se_connecter(client)
    cache.clear()  # the discovery must be read again, from a provider that is gone
    settings.PROCONNECT_ISSUER = "http://127.0.0.1:9/api/v2"
    settings.OIDC_TIMEOUT = 2
    reponse = client.post("/deconnexion/")
    assert reponse["Location"] == "/" and SESSION_KEY not in client.session
