"""A ceiling per account across addresses, above the lockout per account and address: past
it, the password alone no longer opens the account, a code mailed to it does. The attacker's
guesses from ever new addresses teach nothing; the real person still gets in."""

import re

import pytest
from django.core import mail

from tests.ruche.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plafond(settings):
    settings.CONNEXION_PLAFOND_PAR_COMPTE = 6


def essai(client, compte, mot_de_passe, adresse, **donnees):
    return client.post(
        "/connexion/",
        {"username": compte.username, "password": mot_de_passe, **donnees},
        REMOTE_ADDR=adresse,
    )


def attaquer(client, compte, fois):
    """Wrong passwords from ever new addresses: axes never locks any of them."""
    for n in range(fois):
        assert essai(client, compte, "devine", f"192.0.2.{n + 1}").status_code == 200


def code_recu():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_under_the_ceiling_the_password_opens_the_account(client, benevole):
    attaquer(client, benevole, 5)
    response = essai(client, benevole, PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and response.url == "/espace/"


def test_past_the_ceiling_the_real_person_gets_in_with_the_mailed_code(client, benevole):
    attaquer(client, benevole, 6)
    response = essai(client, benevole, PASSWORD, "198.51.100.7", next="/espace/calendriers/")
    assert response.status_code == 302
    assert response.url == "/connexion/code/?next=%2Fespace%2Fcalendriers%2F"
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [[benevole.email]]
    assert benevole.username in mail.outbox[0].body

    page = client.get(response.url)
    assert "le code vient de partir" in page.content.decode()
    entree = client.post("/connexion/code/", {"code": code_recu(), "next": "/espace/calendriers/"})
    assert entree.status_code == 302 and entree.url == "/espace/calendriers/"
    assert client.session["_auth_user_id"] == str(benevole.pk)


def test_past_the_ceiling_a_wrong_password_gets_the_same_answer_and_no_mail(client, benevole):
    attaquer(client, benevole, 6)
    faux = essai(client, benevole, "encore-devine", "203.0.113.5")
    juste = essai(client, benevole, PASSWORD, "203.0.113.6")
    assert (
        (faux.status_code, faux.url)
        == (juste.status_code, juste.url)
        == (
            302,
            "/connexion/code/",
        )
    )
    assert len(mail.outbox) == 1  # the right password's code only
    # A pending login from a wrong password: no code opens it.
    client.get("/deconnexion/")
    essai(client, benevole, "encore-devine", "203.0.113.7")
    assert client.post("/connexion/code/", {"code": code_recu()}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_code_takes_five_tries_then_the_login_starts_again(client, benevole):
    attaquer(client, benevole, 6)
    essai(client, benevole, PASSWORD, "198.51.100.7")
    bon = code_recu()
    faux = "000000" if bon != "000000" else "111111"
    for restants in (4, 3, 2, 1):
        page = client.post("/connexion/code/", {"code": faux}).content.decode()
        assert f"Il vous reste {restants} essai" in page
    fin = client.post("/connexion/code/", {"code": faux})
    assert fin.status_code == 302 and fin.url == "/connexion/"
    assert client.post("/connexion/code/", {"code": bon}).url == "/connexion/"
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_pending_login_sends_to_the_login(client):
    assert client.get("/connexion/code/").url == "/connexion/"


def test_the_admin_login_asks_for_the_code_too(client, personnel):
    attaquer(client, personnel, 6)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": personnel.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.8",
    )
    assert "/connexion/code/" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post("/connexion/code/", {"code": code_recu()}).status_code == 302
    assert client.session["_auth_user_id"] == str(personnel.pk)
