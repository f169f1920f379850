"""The residents' languages: French, English, Arabic on the public pages; French elsewhere.

The public pages follow the language the visitor chose with the switch (a cookie) or, on a
first visit, the browser's. Staff and volunteer pages (the space, conventions, statistics,
the visitor log, the admin, the login) stay French whatever the cookie says: they are not
translated, and a half-translated back office would help nobody.
"""

import functools
import re

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Paths whose pages residents read: exact paths, then prefixes.
PAGES_PUBLIQUES = ("/",)
PREFIXES_PUBLICS = (
    "/rendez-vous/",
    "/ateliers/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/langue/",
)


# The files whose text residents read (pages and messages): the only ones the English and
# Arabic catalogues cover (`manage.py catalogues`); tests/ruche/test_catalogues.py checks
# that every string in their templates is marked and translated.
FICHIERS_PUBLICS = (
    "templates/base.html",
    "templates/_*.html",
    "templates/40?.html",
    "templates/403_csrf.html",
    "templates/500.html",
    "templates/ruche/accueil.html",
    "templates/ruche/lieux.html",
    "templates/ruche/accessibilite.html",
    "templates/ruche/donnees_personnelles.html",
    "templates/permanences/trop_de_requetes.html",
    "templates/permanences/rendez_vous/*",
    "templates/permanences/ateliers/*",
    "templates/permanences/courriels/_*",
    "templates/permanences/courriels/rdv_*",
    "templates/permanences/courriels/atelier_*",
    "templates/permanences/courriels/fin_partenariat_*",
    "ruche/langues.py",
    "ruche/views.py",
    "ruche/horaires.py",
    "ruche/forms/lieux.py",
    "ruche/lieux_publics.py",
    "permanences/antiabus.py",
    "permanences/forms/rendezvous.py",
    "permanences/views/rendezvous.py",
    "permanences/views/ateliers.py",
    "permanences/services/rendezvous.py",
    "permanences/services/ateliers.py",
    "permanences/services/plus_tot.py",
    "permanences/services/notifications.py",
    "permanences/textes_publics.py",
    "ruche/destinataires.py",
)


def nom_en_phrase(nom):
    """A place's name inside a French sentence: its leading "La" or "L'" in small letters
    ("En 2023, la Ruche numérique a accueilli…", "Venez à l'Escale."); the name as it is in
    English and Arabic, and for a name that would contract with "à" or "de" (Le, Les)."""
    if translation.get_language() == "fr" and re.match(r"(La |L'|L’)", nom):
        return nom[0].lower() + nom[1:]
    return nom


def nom_du_lieu(lieu):
    """Where to call or come, inside a sentence: the place's name ("Appelez ou venez à la
    Ruche numérique."), or "the desk" when there is no single place to name."""
    return nom_en_phrase(lieu.nom) if lieu is not None else translation.gettext("l'accueil")


def colonnes_traduites(champs, *, francais=True):
    """The per-language columns django-modeltranslation adds for `champs` ("titre_fr",
    "titre_en", "titre_ar"…), French first; without it when `francais` is False (French is
    the field itself, read and written in French)."""
    return [
        f"{champ}_{code}"
        for champ in champs
        for code, _nom in settings.LANGUAGES
        if francais or code != settings.LANGUAGE_CODE
    ]


# A place's pages with several places: /<slug>/, /<slug>/rendez-vous/…, /<slug>/ateliers/…
PAGES_D_UN_LIEU = re.compile(r"^/(?P<slug>[-a-zA-Z0-9_]+)/(?:(?:rendez-vous|ateliers)/.*)?$")


@functools.cache
def _mots_du_site():
    from ruche.adresses import mots_reserves

    return frozenset(mots_reserves())


def est_publique(path):
    if path in PAGES_PUBLIQUES or path.startswith(PREFIXES_PUBLICS):
        return True
    lieu = PAGES_D_UN_LIEU.match(path)
    return lieu is not None and lieu["slug"] not in _mots_du_site()


class LangueMiddleware(LocaleMiddleware):
    """LocaleMiddleware on the public pages only; French everywhere else.

    Sets `request.page_publique`, which shows the language switch."""

    def process_request(self, request):
        request.page_publique = est_publique(request.path_info)
        if request.page_publique:
            super().process_request(request)
        else:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE

    def process_response(self, request, response):
        if getattr(request, "page_publique", False):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response


@never_cache
@require_safe
def choisir_langue(request, code):
    """A plain link per language (no JavaScript, no form): remembers the choice in the
    language cookie for a year and goes back to the page the visitor was on."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    suivant = request.GET.get("suivant", "")
    if not url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not suivant.startswith("/"):
        suivant = reverse("accueil")
    return retenir_langue(request, HttpResponseRedirect(suivant), code)


def retenir_langue(request, response, code):
    """Remembers `code` in the language cookie for a year: the next pages read in it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def langue_choisie(request):
    """The language the visitor chose with the switch, or None when they never did."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in dict(settings.LANGUAGES) else None
