"""The cache the web processes share, with a small tier of its own in each process.

One process (`make run`, most tests) keeps its cache in memory: Django's local-memory
backend, sized for an install's every public page (`CACHE_MAX_ENTRIES`). Several gunicorn
workers, and several machines, share Valkey or Redis (`CACHE_URL=rediscache://…`, Django's
own Redis backend) through `DeuxNiveaux`:

- The hottest keys (whole public pages, the free slots, the places; every page's header
  and footer; the logged-in pages' parts and sessions: the prefixes in `LOCAL`) are also
  kept a few seconds in the process that read them, so a busy page costs no round trip.
  Only keys named by everything their content depends on go there (the versions of what
  they hold, ruche.versions, and the day, person, language... they are for): a write makes
  new keys, a process's copy of an old key is never asked for again, and nothing a delete
  or an overwrite should reach (it reaches no other process) is kept locally. The one
  exception, the sessions' copies, carry the version they were read at and their end, and
  are used only while both hold (ruche.sessions).
- Nothing correct depends on the cache: the shared cache down or flushed costs time, never a
  wrong answer. An error reads as a miss, a write that fails is dropped, `add` answers "added"
  (the caller then does the work itself), and for a few seconds after an error the shared
  cache is not asked at all (each request would otherwise wait for the connection to fail).
"""

import logging
import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

journal = logging.getLogger(__name__)

# Keys kept in each process too: each named by everything its content depends on (see the
# module), which the key's owner says beside it.
LOCAL = (
    # The public pages and their parts (ruche.cache_pages, ruche.portees).
    "page:",
    "creneaux-libres:",
    "demarches-actives:",
    "lieux-publics:",
    "lieu-public:",
    "template.cache.creneaux.",
    # Every page's header and footer, and the network's places and status they show
    # (ruche.context_processors.menu, ruche.perimetre, ruche.accessibilite).
    "template.cache.entete.",
    "template.cache.pied.",
    "tous-les-lieux:",
    "statut-accessibilite:",
    # The logged-in pages: the sessions' copies (ruche.sessions), the day board and its
    # parts (permanences.views.journee, ruche.alertes), a volunteer's week and day
    # (ruche.versions.cle_personnelle), the statistics' parts and filters
    # (ruche.statistiques.views; not the parts' previous render, overwritten in place).
    "ruche.sessions.fin:",
    "journee:",
    "alertes-html:",
    "passages-du-jour:",
    "template.cache.journee_boutons.",
    "template.cache.journee_occurrences.",
    "template.cache.semaine.",
    "template.cache.rendez_vous_jour_page.",
    "tableau-de-bord:",
    "template.cache.statistiques_filtres.",
)
LOCAL_ENTREES = 2000
LOCAL_DUREE = 10  # seconds: a process's copy of what another process stored
PAUSE = 5  # seconds without asking the shared cache after one of its errors

ABSENT = object()


def erreurs_du_cache():
    """What a shared cache that is down or gone raises."""
    erreurs = [OSError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - the backend needs redis
        pass
    else:
        erreurs.append(RedisError)
    return tuple(erreurs)


class MemoireLocale:
    """A process's last-used entries (pickled: each reader gets its own copy)."""

    def __init__(self, taille):
        self.taille = taille
        self._entrees = OrderedDict()
        self._verrou = threading.Lock()

    def lire(self, cle):
        with self._verrou:
            entree = self._entrees.get(cle)
            if entree is None:
                return ABSENT
            donnees, fin = entree
            if fin <= time.monotonic():
                del self._entrees[cle]
                return ABSENT
            self._entrees.move_to_end(cle)
        return pickle.loads(donnees)  # noqa: S301 - written by this process

    def garder(self, cle, valeur, duree):
        donnees = pickle.dumps(valeur, pickle.HIGHEST_PROTOCOL)
        with self._verrou:
            self._entrees[cle] = (donnees, time.monotonic() + duree)
            self._entrees.move_to_end(cle)
            while len(self._entrees) > self.taille:
                self._entrees.popitem(last=False)

    def oublier(self, cle):
        with self._verrou:
            self._entrees.pop(cle, None)

    def vider(self):
        with self._verrou:
            self._entrees.clear()


class DeuxNiveaux(BaseCache):
    """A per-process tier in front of a shared cache (see the module).

    OPTIONS: PARTAGE, the shared cache's own settings (as in CACHES); LOCAL_ENTREES, how many
    entries each process keeps; LOCAL_DUREE, how long it keeps a copy of what it read."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        partage = options.pop("PARTAGE")
        taille = options.pop("LOCAL_ENTREES", LOCAL_ENTREES)
        self.duree_locale = options.pop("LOCAL_DUREE", LOCAL_DUREE)
        super().__init__({**params, "OPTIONS": options})
        self.partage = import_string(partage["BACKEND"])(partage.get("LOCATION", ""), partage)
        self.locale = MemoireLocale(taille)
        self._erreurs = erreurs_du_cache()
        self._pause_jusqua = 0.0

    # --- the shared tier, whose errors cost time only -----------------------------------

    def _partage(self, methode, *args, defaut=None, **kwargs):
        if time.monotonic() < self._pause_jusqua:
            return defaut
        try:
            return getattr(self.partage, methode)(*args, **kwargs)
        except self._erreurs as exc:
            self._pause_jusqua = time.monotonic() + PAUSE
            journal.warning("Cache partagé injoignable (%s) : pages calculées sans lui.", exc)
            return defaut

    def _locale(self, key, version):
        if key.startswith(LOCAL):
            return f"{version or self.version}:{key}"
        return None

    def _duree_locale(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return self.duree_locale
        return max(0, min(timeout - time.time(), self.duree_locale * 6))

    # --- the cache API -------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        locale = self._locale(key, version)
        if locale is not None:
            valeur = self.locale.lire(locale)
            if valeur is not ABSENT:
                return valeur
        valeur = self._partage("get", key, ABSENT, version=version, defaut=ABSENT)
        if valeur is ABSENT:
            return default
        if locale is not None:
            self.locale.garder(locale, valeur, self.duree_locale)
        return valeur

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        locale = self._locale(key, version)
        if locale is not None:
            self.locale.garder(locale, value, self._duree_locale(timeout))
        self._partage("set", key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            if (locale := self._locale(key, version)) is not None:
                self.locale.garder(locale, value, self._duree_locale(timeout))
        return self._partage("set_many", data, timeout=timeout, version=version, defaut=list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._partage("add", key, value, timeout=timeout, version=version, defaut=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._partage("touch", key, timeout=timeout, version=version, defaut=False)

    def delete(self, key, version=None):
        locale = self._locale(key, version)
        if locale is not None:
            self.locale.oublier(locale)
        return self._partage("delete", key, version=version, defaut=False)

    def has_key(self, key, version=None):
        return self.get(key, ABSENT, version=version) is not ABSENT

    def incr(self, key, delta=1, version=None):
        return self.partage.incr(key, delta, version=version)

    def clear(self):
        self.locale.vider()
        self._partage("clear")

    def close(self, **kwargs):
        self._partage("close", **kwargs)


def reglages(url_partage, *, max_entrees):
    """CACHES["default"] for the cache address `url_partage` (django-environ's cache_url
    parsed): Valkey or Redis behind the per-process tier; any other cache alone, the
    local-memory one holding `max_entrees` entries (Django's default, 300, is fewer than a
    33-place install has public pages)."""
    if url_partage["BACKEND"].endswith(".RedisCache"):
        options = url_partage.setdefault("OPTIONS", {})
        # A cache that does not answer is a miss: never wait long for it.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        return {"BACKEND": "ruche.cache.DeuxNiveaux", "OPTIONS": {"PARTAGE": url_partage}}
    if url_partage["BACKEND"].endswith("LocMemCache"):
        url_partage.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", max_entrees)
    return url_partage
