"""The address of the person behind a request, for the login lockout and the rate limits.

Behind a reverse proxy, REMOTE_ADDR is the proxy. Each trusted proxy appends the address of
whoever connected to it to X-Forwarded-For, so the client's address is the entry written by
the outermost trusted proxy: the PROXY_HOPS-th from the end. Whatever a client writes in the
header itself stays to the left of it and is never read.

The header is read only from the proxy itself: a connection from PROXY_ADRESSES (addresses
or networks, the loopback by default), or over gunicorn's Unix socket (no address: only the
proxy may open it, see deploiement/ruche-web.socket). Anyone else who reaches gunicorn is
counted under their own address, whatever they write in it.
"""

import ipaddress

from django.conf import settings


def _adresse(texte):
    try:
        return str(ipaddress.ip_address(texte.strip()))
    except ValueError:
        return None


def vient_du_proxy(request):
    """True when the connection comes from our reverse proxy: one of PROXY_ADRESSES, or the
    Unix socket (its peer has no address)."""
    brute = request.META.get("REMOTE_ADDR", "")
    if brute == "":
        return True
    adresse = _adresse(brute)
    if adresse is None:
        return False
    adresse = ipaddress.ip_address(adresse)
    if adresse.version == 6 and adresse.ipv4_mapped is not None:
        adresse = adresse.ipv4_mapped
    return any(
        adresse in ipaddress.ip_network(reseau, strict=False) for reseau in settings.PROXY_ADRESSES
    )


def adresse_client(request):
    """The client's IP address as text; REMOTE_ADDR unless BEHIND_PROXY is on and the
    connection comes from the proxy."""
    remote = _adresse(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    if not settings.BEHIND_PROXY or not vient_du_proxy(request):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    trusted = max(settings.PROXY_HOPS, 1)
    # Fewer entries than trusted proxies: the request skipped the outer ones, and every entry
    # was written by a proxy we trust; the leftmost is the farthest one saw.
    written_by_outermost = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _adresse(written_by_outermost) or remote


def cle_adresse(request):
    """What a rate limit counts: the address, or its /64 for IPv6 (one home holds a /64)."""
    adresse = ipaddress.ip_address(adresse_client(request))
    if adresse.version == 6 and adresse.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{adresse}/64", strict=False))
    if adresse.version == 6:
        return str(adresse.ipv4_mapped)
    return str(adresse)
