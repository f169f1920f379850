"""The client's address behind a proxy: the lockout and the limits count the client, and a
client cannot choose the address it is counted under."""

import pytest
from django.test import RequestFactory

from ruche.reseau import adresse_client, cle_adresse
from tests.ruche.factories import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _proxy_de_confiance(settings):
    settings.PROXY_ADRESSES = [PROXY]


def requete(xff=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert adresse_client(requete("203.0.113.7", remote="198.51.100.1")) == "198.51.100.1"


@pytest.mark.parametrize(
    ("hops", "xff", "attendu"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # The client wrote its own header: the proxy appended the real address after it.
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4,5.6.7.8,  203.0.113.7", "203.0.113.7"),
        # Two proxies of ours: the outer one wrote the client, the inner one the outer proxy.
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        # Only one entry although two proxies are trusted: it was written by one of ours.
        (2, "203.0.113.7", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_trusted_hop_is_read(settings, hops, xff, attendu):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = hops
    assert adresse_client(requete(xff)) == attendu


@pytest.mark.parametrize("xff", ["", " , ", "pas-une-adresse", "1.2.3.4, n'importe quoi"])
def test_a_missing_or_garbled_header_falls_back_to_the_connection(settings, xff):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    assert adresse_client(requete(xff)) == PROXY


def test_a_spoofing_client_cannot_get_a_fresh_address(settings):
    """Whatever a client puts in front, the address counted stays its own."""
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    vues = {adresse_client(requete(f"192.0.2.{n}, 203.0.113.7")) for n in range(50)}
    assert vues == {"203.0.113.7"}


def test_an_ipv6_home_is_counted_as_its_prefix(settings):
    settings.BEHIND_PROXY = False
    une = cle_adresse(requete(remote="2001:db8:1:2::1"))
    autre = cle_adresse(requete(remote="2001:db8:1:2:ffff::9"))
    assert une == autre == "2001:db8:1:2::/64"
    assert cle_adresse(requete(remote="::ffff:192.0.2.5")) == "192.0.2.5"


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(client, benevole, settings):
    """Five wrong passwords from one client lock that client, not everyone behind the proxy."""
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    attaquant = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": benevole.username, "password": "faux"}, **attaquant)
    bloque = client.post(
        "/connexion/", {"username": benevole.username, "password": PASSWORD}, **attaquant
    )
    assert bloque.status_code == 429
    # The attacker changing its own header does not get around the lockout...
    usurpe = {**attaquant, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.66"}
    assert (
        client.post(
            "/connexion/", {"username": benevole.username, "password": PASSWORD}, **usurpe
        ).status_code
        == 429
    )
    # ...and the volunteer at home, through the same proxy, still logs in.
    chez_soi = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.20"}
    response = client.post(
        "/connexion/", {"username": benevole.username, "password": PASSWORD}, **chez_soi
    )
    assert response.status_code == 302


def test_the_header_is_read_only_from_the_proxy(settings):
    """A client that reaches gunicorn itself and writes the header is counted under its own
    address, however it rotates the header."""
    settings.BEHIND_PROXY = True
    vues = {adresse_client(requete(f"192.0.2.{n}", remote="198.51.100.9")) for n in range(20)}
    assert vues == {"198.51.100.9"}


@pytest.mark.parametrize(
    ("proxies", "remote", "attendu"),
    [
        (["127.0.0.1", "::1"], "127.0.0.1", "203.0.113.7"),
        (["127.0.0.1", "::1"], "::1", "203.0.113.7"),
        (["127.0.0.1", "::1"], "::ffff:127.0.0.1", "203.0.113.7"),
        (["127.0.0.1", "::1"], "127.0.0.2", "127.0.0.2"),
        (["10.1.0.0/16"], "10.1.200.3", "203.0.113.7"),
        (["10.1.0.0/16"], "10.2.0.1", "10.2.0.1"),
        # gunicorn's Unix socket: no address; only the proxy may open it.
        (["127.0.0.1"], "", "203.0.113.7"),
        (["127.0.0.1"], "pas-une-adresse", "0.0.0.0"),
    ],
)
def test_the_proxy_is_one_of_its_addresses_or_the_unix_socket(settings, proxies, remote, attendu):
    settings.BEHIND_PROXY = True
    settings.PROXY_ADRESSES = proxies
    assert adresse_client(requete("203.0.113.7", remote=remote)) == attendu
