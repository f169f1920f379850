"""Where a webhook may be sent: HTTPS to a public address only (no SSRF).

The host is resolved once, every address it gives is checked, and the connection goes to
the checked address (the TLS name stays the host's): a DNS answer that changes between the
check and the connection (rebinding) cannot lead to the internal network. Redirects are
never followed. WEBHOOKS_LOCAL_AUTORISE (tests and try-outs only) lets http:// and loopback
or private addresses through.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from passerelles.validators import valider_url_webhook


class AdresseRefusee(Exception):
    """The endpoint may not be reached from here (not HTTPS, a private address…)."""


def _local_autorise():
    return settings.WEBHOOKS_LOCAL_AUTORISE


def _publique(ip):
    return ip.is_global and not ip.is_multicast


def adresses_permises(hote, port):
    """The IP addresses of `hote` that may be reached; raises AdresseRefusee."""
    try:
        infos = socket.getaddrinfo(hote, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AdresseRefusee(f"nom inconnu : {hote}") from exc
    adresses = []
    for _famille, _type, _proto, _nom, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not (_publique(ip) or _local_autorise()):
            raise AdresseRefusee(f"adresse non publique refusée : {ip}")
        if str(ip) not in adresses:
            adresses.append(str(ip))
    if not adresses:
        raise AdresseRefusee(f"aucune adresse pour {hote}")
    return adresses


class _ConnexionHttp(http.client.HTTPConnection):
    def __init__(self, hote, port, *, ip, timeout):
        super().__init__(hote, port, timeout=timeout)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _ConnexionHttps(http.client.HTTPSConnection):
    def __init__(self, hote, port, *, ip, timeout):
        super().__init__(hote, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self):
        brut = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(brut, server_hostname=self.host)


def poster(url, corps: bytes, entetes, *, delai):
    """POSTs `corps` to `url`; returns the HTTP status. Raises AdresseRefusee, or OSError
    (and http.client's errors) when the endpoint cannot be reached."""
    try:
        valider_url_webhook(url)
    except ValidationError as exc:
        raise AdresseRefusee(exc.messages[0]) from exc
    parties = urlsplit(url)
    securise = parties.scheme == "https"
    port = parties.port or (443 if securise else 80)
    ip = adresses_permises(parties.hostname, port)[0]
    classe = _ConnexionHttps if securise else _ConnexionHttp
    connexion = classe(parties.hostname, port, ip=ip, timeout=delai)
    chemin = parties.path or "/"
    if parties.query:
        chemin += "?" + parties.query
    try:
        connexion.request("POST", chemin, body=corps, headers=entetes)
        reponse = connexion.getresponse()
        reponse.read(10_000)
        return reponse.status
    finally:
        connexion.close()
