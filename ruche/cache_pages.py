"""Whole public pages kept in the shared cache for visitors without an account.

A resident's GET of a public page (home, démarches, free slots, booking form, workshops, a
secret link's page) is rendered once per version of what it shows and served from the cache
after that: the response's body and headers, nothing else. The key is the full address
(scheme, host, path and query string: per-place paths and a secret link's own page key
themselves), the language and the version of what the page shows (ruche.portees: its
place's, changed in the writer's transaction, so a booking or a cancellation shows at once
in every process, while a write no public page shows, such as a visit typed, keeps every
page). A page is kept a minute at most: what depends on the clock (a slot entering or
leaving its booking window) moves a minute late at most, and a personal page leaves the
cache within a minute. Each page is dated on its own, so pages are not all rendered again at
the same second.

After a write every page has a new key, and many visitors may ask for the same page before
its first new render is stored: one request renders it (it holds a short lock in the cache)
while the others are served the previous render of the same address and language, kept
beside it, for that moment; without one they wait a second at most for that render, then
render it themselves. The previous render stays an hour (GARDE): a page past its minute is
rendered again the same way, by one request while the others get the last render, instead
of every request that asks for it in the same moment.

A booking renews the version of its démarches' free slots and booking forms, yet most
bookings change nothing such a page shows (a time taken beyond the days the list shows, a
form for another time): a page may say what it shows more cheaply than by rendering it
(`contenu_de_la_page`). After a write, such a page is looked up by that digest too, and
served at once when a render of the same content exists: nothing stale, no render. A page
may also accept to be a few seconds late in a rush of writes (`Contenu.retard`): a write
after a calm shows on the next page at once, but a render made because of a write is served
as it is, after the writes that follow, while it is younger than that: a rush of bookings
renders the page once every few seconds at most instead of after each booking. Only the
list of a démarche's free slots does (permanences/views/contenus.py says why it may, and why
the booking form may not).

Only requests that carry no cookie but the language's and the CSRF one are served from or
stored in the cache: a session (staff, volunteers), a pending message or anything else
means the page may be personal, and it is rendered as before. Only a 200 that sets no
cookie is stored, the CSRF one aside: the values a form needs fresh for each display (the
CSRF token, the anti-robot token) are cut out before storing and made again for each
visitor (`champ_par_requete`).
"""

import hashlib
import re
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.translation import get_language

from ruche.portees import (
    parties_de_la_page,
    version_de_l_objet,
    version_de_la_page_sans_lieu,
    version_publique,
)

DUREE = 60  # seconds: the longest a page is served as it is
# seconds: how long a page's last render stays to be served while one request renders it
# again (after a write, or past its minute): every page in use is then rendered by one
# request at a time, and nobody waits for it but that one
GARDE = 3600
# seconds: the longest one render holds back the others (a process that died while rendering)
DUREE_RENDU = 10
ATTENTE = 1  # seconds a request waits for that render when no previous one is kept
CSRF = "csrfmiddlewaretoken"


class Contenu(NamedTuple):
    """What a page shows beyond its version, told without rendering it (see the module)."""

    # A digest of everything the page shows (with its address and language, which the key
    # adds), or None when it cannot be told: then the page is keyed by its version only.
    cle: str | None
    # Seconds a render of the page's address made because of a write may still be served
    # after the writes that follow; 0: never.
    retard: int = 0
    # What may never be late (the offer's version): a render is served late only to a
    # request that gives the same.
    fixe: str = ""


# URL name -> function(request, URL's kwargs) giving the page's Contenu, or None
_CONTENUS = {}


def contenu_de_la_page(vue, fonction):
    """Declares that what the page named `vue` shows can be told more cheaply than by
    rendering it: `fonction(request, kwargs)` gives its `Contenu`, or None (see the module).
    The function reads what the view would read, from the cache; it must not change the
    request."""
    _CONTENUS[vue] = fonction


# name of a hidden field -> function(request) giving its fresh value for one display
_CHAMPS = {CSRF: get_token}


def champ_par_requete(nom, fabrique):
    """Declares a hidden form field whose value must be new at each display: a cached page
    gets a fresh value per visitor (`fabrique(request)`)."""
    _CHAMPS[nom] = fabrique


def _marque(nom):
    return f"@@champ-par-requete:{nom}@@"


def _motif():
    noms = "|".join(re.escape(nom) for nom in _CHAMPS)
    return re.compile(rf'(<input type="hidden" name="({noms})" value=")([^"<>]*)(")')


def _cookies_admis():
    return {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def admissible(request):
    """Whether this request may be served from, or stored in, the page cache."""
    return (
        request.method == "GET"
        and getattr(request, "page_publique", False)
        and set(request.COOKIES) <= _cookies_admis()
    )


def version_de_la_page(request):
    """The version of what the page shows (ruche.portees): its place's under a place's
    address, else that of the pages under no place's address; of the parts of the offer it
    shows when it shows only some (a place's home keeps through a booking, a démarche's free
    slots through the bookings of other démarches), and of its own object (a secret link's
    booking); a workshop registration's link, its place's."""
    try:
        correspondance = resolve(request.path_info)
    except Resolver404:
        return version_publique()
    vue, kwargs = correspondance.url_name, correspondance.kwargs
    parties = parties_de_la_page(vue, kwargs)
    if "lieu" not in correspondance.namespaces:
        if parties is not None:
            return version_publique(None, parties, version_de_l_objet(vue, kwargs))
        return version_de_la_page_sans_lieu(vue, kwargs)
    # No secret link under a place's address (ruche.lieux_publics): no object to read.
    return version_publique(kwargs["lieu"], parties)


def _adresse(request):
    return "|".join([get_language() or "", request.build_absolute_uri()])


def cle(request, valeur):
    texte = f"{valeur}|{_adresse(request)}"
    return "page:" + hashlib.sha256(texte.encode()).hexdigest()


def cles_du_rendu(request):
    """(the last render's key, the lock's key) of the page's address and language, whatever
    the version. The last render is kept as (when it was made (time.time()), the page,
    whether a write made it (the render before it was still within its minute), its
    `Contenu.fixe`)."""
    adresse = hashlib.sha256(_adresse(request).encode()).hexdigest()
    return f"page-derniere:{adresse}", f"page-en-rendu:{adresse}"


def contenu_demande(request):
    """The `Contenu` of the page asked for (`contenu_de_la_page`), or None."""
    try:
        correspondance = resolve(request.path_info)
    except Resolver404:
        return None
    fonction = _CONTENUS.get(correspondance.url_name)
    return fonction(request, correspondance.kwargs) if fonction is not None else None


def _a_garder(request, response):
    """(body with the per-display values cut out, their names) of a response that may be
    shared with other visitors, or None."""
    if response.status_code != 200 or response.streaming:
        return None
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    contenu = response.content.decode(response.charset, errors="strict")
    noms = set()

    def couper(match):
        noms.add(match[2])
        return match[1] + _marque(match[2]) + match[4]

    coupe, nombre = _motif().subn(couper, contenu)
    # A field of ours written some other way would keep one visitor's value: not stored.
    if nombre != sum(contenu.count(f'name="{nom}"') for nom in _CHAMPS):
        return None
    # The CSRF cookie only goes with a page whose token was cut out.
    if settings.CSRF_COOKIE_NAME in response.cookies and CSRF not in noms:
        return None
    if "CSRF_COOKIE_NEEDS_UPDATE" in request.META and CSRF not in noms:
        return None
    return coupe, sorted(noms)


def attendre_le_rendu(cle_page):
    """The page another request is rendering, if it is stored within ATTENTE seconds."""
    fin = time.monotonic() + ATTENTE
    while time.monotonic() < fin:
        time.sleep(0.02)
        if (trouve := cache.get(cle_page)) is not None:
            return trouve
    return None


class CachePagesPubliquesMiddleware:
    """Serves and stores public pages for visitors without an account (see the module).

    Placed after the language's middleware (the key needs the language) and before the
    others, which a page served from the cache does not need: their headers were stored
    with it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not admissible(request):
            return self.get_response(request)
        valeur = version_de_la_page(request)
        if valeur is None:
            return self.get_response(request)
        cle_page = cle(request, valeur)
        trouve = cache.get(cle_page)
        if trouve is not None:  # the cache drops each page DUREE seconds after its render
            return self.servir(request, *trouve)
        # A new version (or the page's minute over): the same content may be kept already.
        contenu = contenu_demande(request)
        cle_contenu = None
        if contenu is not None and contenu.cle is not None:
            cle_contenu = cle(request, f"contenu:{contenu.cle}")
            if (garde := cache.get(cle_contenu)) is not None:
                rendu_le, trouve = garde
                # Kept under the version too, up to its render's minute (the clock's changes).
                if (reste := DUREE - (time.time() - rendu_le)) >= 1:
                    cache.set(cle_page, trouve, int(reste))
                return self.servir(request, *trouve)
        cle_derniere, cle_verrou = cles_du_rendu(request)
        derniere = cache.get(cle_derniere)
        if (
            contenu is not None
            and derniere is not None
            and derniere[2]  # in a rush of writes: late by `retard` seconds at most
            and derniere[3] == contenu.fixe
            and 0 <= time.time() - derniere[0] < contenu.retard
        ):
            return self.servir(request, *derniere[1])
        if not cache.add(cle_verrou, True, DUREE_RENDU):  # another request renders it now
            trouve = derniere[1] if derniere is not None else attendre_le_rendu(cle_page)
            if trouve is not None:
                return self.servir(request, *trouve)
        try:
            response = self.get_response(request)
            if (garde := _a_garder(request, response)) is not None:
                corps, noms = garde
                entetes = [
                    (nom, valeur)
                    for nom, valeur in response.headers.items()
                    if nom.lower() not in {"content-length", "set-cookie"}
                ]
                entree = (corps, response.charset, entetes, noms)
                maintenant = time.time()
                cache.set(cle_page, entree, DUREE)
                if cle_contenu is not None:
                    cache.set(cle_contenu, (maintenant, entree), DUREE)
                apres_ecriture = derniere is not None and maintenant - derniere[0] < DUREE
                fixe = contenu.fixe if contenu is not None else ""
                cache.set(cle_derniere, (maintenant, entree, apres_ecriture, fixe), GARDE)
        finally:
            cache.delete(cle_verrou)
        return response

    def servir(self, request, contenu, charset, entetes, noms):
        if CSRF in noms:
            self.csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
        for nom in noms:
            contenu = contenu.replace(_marque(nom), escape(_CHAMPS[nom](request)))
        response = HttpResponse(contenu.encode(charset), charset=charset)
        for nom, valeur in entetes:
            response.headers[nom] = valeur
        response.headers["Content-Length"] = str(len(response.content))
        if CSRF in noms:
            self.csrf.process_response(request, response)  # sets the cookie if it is new
        return response
