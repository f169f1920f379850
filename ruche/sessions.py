"""Sessions kept in the database and, between two requests, in the cache.

Django's `cached_db` engine spares each request of a person logged in the read of their
session: the cache answers, the database stays the truth (a cache flushed or down costs one
read, never a session). But a copy in the cache outlives an end that another process made:
with each process's own memory as the cache, a logout in one gunicorn worker deletes the
session there and in the database, and the other worker's copy still opens the account.
So each copy is kept with the version of the person's sessions (`nom_sessions`,
ruche.versions), renewed after every save and every end of one of their sessions, and is
used only while that version holds. The version is read in the request's one query of
versions, with the account's (ruche.comptes): a warm request costs that one query (the
first two of a session in a process read the database, as before).

Only sessions of a person logged in are kept: a visitor's session (a login waiting for its
code, the ProConnect state) is read from the database at each request, as before, so its
counters (the code's tries) never come from an old copy.

With Valkey or Redis as the cache, each process keeps its copies a few seconds in its own
tier too (ruche.cache.LOCAL), where a delete made by another process does not reach them and
the shared cache's expiry does not count: what makes a copy usable is the version it holds,
and the session's end it holds (a copy is never used past it).
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone

from ruche.comptes import nom_sessions, versions_du_compte
from ruche.versions import renouveler

# Never a version's value (an integer, or None before its first write).
A_CONFIRMER = "à confirmer"


def _version(user_id):
    return versions_du_compte(user_id)[nom_sessions(user_id)]


class SessionStore(CachedDbStore):
    # Not the prefix of cached_db's entries, which hold the data alone; nor of the copies
    # kept before they held their end (a shape of three).
    cache_key_prefix = "ruche.sessions.fin:"

    def load(self):
        try:
            copie = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - an unusable key reads as a miss, as in cached_db
            copie = None
        lue = None
        if copie is not None:
            donnees, user_id, valeur, fin = copie
            lue = (user_id, _version(user_id))
            if lue[1] == valeur and fin > timezone.now():
                return donnees
        session = self._get_session_from_db()
        if session is None:
            return {}
        donnees = self.decode(session.session_data)
        user_id = donnees.get(SESSION_KEY)
        if user_id is None:
            return donnees
        # A copy holds the version read before its data: a logout or a save after that read
        # renews it, and the copy is not used again. Without a copy, the version was not read
        # before: the copy waits for the next request to read it, then the data again.
        valeur = lue[1] if lue is not None and lue[0] == user_id else A_CONFIRMER
        self._cache.set(
            self.cache_key,
            (donnees, user_id, valeur, session.expire_date),
            self.get_expiry_age(expiry=session.expire_date),
        )
        return donnees

    def _compte(self, session_key=None):
        """The account of the session `session_key` (None: this one), from the data when
        loaded, else from the database."""
        chargees = getattr(self, "_session_cache", None)
        if session_key in (None, self.session_key) and chargees is not None:
            return chargees.get(SESSION_KEY)
        if session_key is None:
            return None
        try:
            session = self.model.objects.get(session_key=session_key)
        except self.model.DoesNotExist:
            return None
        return self.decode(session.session_data).get(SESSION_KEY)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        # The copies of the person's sessions in every process are not used again; this
        # one is read from the database at its next request.
        if (user_id := self._session.get(SESSION_KEY)) is not None:
            renouveler(nom_sessions(user_id))
        self._cache.delete(self.cache_key)

    def delete(self, session_key=None):
        user_id = self._compte(session_key)
        super().delete(session_key)
        if user_id is not None:
            renouveler(nom_sessions(user_id))

    def flush(self):
        user_id = self._compte()
        super().flush()
        if user_id is not None:
            renouveler(nom_sessions(user_id))

    # Under ASGI, the same work in a thread.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        await sync_to_async(self.delete)(session_key)

    async def aflush(self):
        await sync_to_async(self.flush)()
