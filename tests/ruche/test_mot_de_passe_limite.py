"""Password reset requests are limited per address and per account; a refusal keeps the
e-mail typed and tells nothing about whether an account has it."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

URL = "/mot-de-passe/oublie/"


def test_mails_per_account_are_limited_without_refusing(client, benevole, settings):
    settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE = 2
    for _ in range(2):
        assert client.post(URL, {"email": benevole.email}).status_code == 302
    # The third request gets the same answer; no third mail fills the mailbox.
    response = client.post(URL, {"email": benevole.email.upper()})
    assert response.status_code == 302
    assert response.url == "/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == 2
    # Someone else's request, from the same place, goes through.
    assert client.post(URL, {"email": "autre@exemple.fr"}).status_code == 302


def lien(message):
    return re.search(r"https?://[^/\s]+(/mot-de-passe/nouveau/\S+/)", message.body).group(1)


def test_a_stranger_asking_again_and_again_does_not_keep_the_owner_from_resetting(
    client, benevole, settings
):
    """Requests for someone's e-mail from anywhere used up its hour: the owner was refused.
    Now the owner gets the same answer as always, and a link that works in the mailbox."""
    for n in range(settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE + 3):
        client.post(URL, {"email": benevole.email}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert len(mail.outbox) == settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE

    proprietaire = client.post(URL, {"email": benevole.email}, REMOTE_ADDR="198.51.100.7")
    assert proprietaire.status_code == 302
    page = client.get(proprietaire.url).content.decode()
    assert "Son lien marche toujours" in page
    # The newest mail in the mailbox (a stranger asked for it) opens the new-password page.
    nouveau = client.get(lien(mail.outbox[-1]), follow=True)
    assert "new_password1" in nouveau.content.decode()
    reponse = client.post(
        nouveau.redirect_chain[-1][0],
        {"new_password1": "Un-nouveau-mot-2026", "new_password2": "Un-nouveau-mot-2026"},
    )
    assert reponse.status_code == 302
    benevole.refresh_from_db()
    assert benevole.check_password("Un-nouveau-mot-2026")


def test_an_unknown_email_gets_the_same_answers(client, settings):
    settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE = 1
    assert client.post(URL, {"email": "personne@exemple.fr"}).status_code == 302
    assert client.post(URL, {"email": "personne@exemple.fr"}).status_code == 302
    assert mail.outbox == []


def test_requests_per_address_are_limited(client, benevole, settings):
    settings.LIMITE_MOT_DE_PASSE_PAR_ADRESSE = 3
    for n in range(3):
        assert client.post(URL, {"email": f"essai{n}@exemple.fr"}).status_code == 302
    response = client.post(URL, {"email": benevole.email})
    assert response.status_code == 429
    assert "depuis votre connexion" in response.content.decode()
    assert benevole.email in response.content.decode()
    assert mail.outbox == []
    other = client.post(URL, {"email": benevole.email}, REMOTE_ADDR="10.7.7.7")
    assert other.status_code == 302 and len(mail.outbox) == 1


def test_behind_a_proxy_the_limit_counts_the_client(client, benevole, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_ADRESSES = ["10.0.0.0/24"]
    settings.LIMITE_MOT_DE_PASSE_PAR_ADRESSE = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    client.post(URL, {"email": "a@exemple.fr"}, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    spoof = client.post(
        URL,
        {"email": "b@exemple.fr"},
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.1",
        **proxy,
    )
    assert spoof.status_code == 429
    voisin = client.post(
        URL, {"email": benevole.email}, HTTP_X_FORWARDED_FOR="203.0.113.4", **proxy
    )
    assert voisin.status_code == 302


def test_bad_input_is_a_form_error_not_a_500(client, db):
    for data in [{}, {"email": "pas-une-adresse"}, {"email": "x" * 5000}]:
        assert client.post(URL, data).status_code == 200
