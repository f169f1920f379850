"""Counters and single-use tokens in the database, shared by every web process.

Each count is one statement (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), so concurrent
requests in any number of processes never lose a count. A window is fixed: it starts at a
multiple of its length (or at midnight for a day), and a post never moves its end.
"""

import hashlib
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from ruche.models import Compteur, JetonUtilise

# About one call in this many also deletes what has expired, so the tables stay small
# without a timer.
PURGE_UNE_FOIS_SUR = 200


def _fenetre(maintenant, secondes):
    if secondes == 86400:
        local = timezone.localtime(maintenant)
        debut = local.replace(hour=0, minute=0, second=0, microsecond=0)
        fin = timezone.make_aware(
            datetime.combine(debut.date() + timedelta(days=1), datetime.min.time())
        )
        return debut, fin
    epoch = int(maintenant.timestamp())
    start = epoch - epoch % secondes
    debut = datetime.fromtimestamp(start, tz=timezone.get_current_timezone())
    return debut, debut + timedelta(seconds=secondes)


def empreinte(texte):
    """A contact (phone, e-mail) as a counter key holds it: hashed, never readable."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{texte}".encode()).hexdigest()[:32]


def compter(cle, *, secondes, maintenant=None):
    """Adds one to `cle` in the current window of `secondes` (86400: the Paris day); returns
    the new count."""
    maintenant = maintenant or timezone.now()
    debut, fin = _fenetre(maintenant, secondes)
    table = connection.ops.quote_name(Compteur._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cle, debut, fin, nombre) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (cle, debut) DO UPDATE SET nombre = {table}.nombre + 1 "
            "RETURNING nombre",
            [cle[:200], debut, fin],
        )
        nombre = cursor.fetchone()[0]
    if nombre == 1 and random.randrange(PURGE_UNE_FOIS_SUR) == 0:
        purger(maintenant)
    return nombre


def lire(cle, *, secondes, maintenant=None):
    """The count of `cle` in the current window, without adding to it."""
    debut, _fin = _fenetre(maintenant or timezone.now(), secondes)
    return (
        Compteur.objects.filter(cle=cle[:200], debut=debut).values_list("nombre", flat=True).first()
        or 0
    )


def decompter(cle, *, secondes, maintenant=None):
    """Takes back one count (an attempt that did not go through)."""
    debut, _fin = _fenetre(maintenant or timezone.now(), secondes)
    Compteur.objects.filter(cle=cle[:200], debut=debut, nombre__gt=0).update(nombre=F("nombre") - 1)


def utiliser_jeton(jeton, maintenant=None):
    """Records a form token as used; False if it already was."""
    empreinte = hashlib.sha256(jeton.encode()).hexdigest()
    table = connection.ops.quote_name(JetonUtilise._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (empreinte, utilise_le) VALUES (%s, %s) "
            "ON CONFLICT (empreinte) DO NOTHING",
            [empreinte, maintenant or timezone.now()],
        )
        return cursor.rowcount == 1


def purger(maintenant=None):
    """Deletes ended windows and tokens too old to be accepted anyway; returns the count."""
    maintenant = maintenant or timezone.now()
    compteurs, _ = Compteur.objects.filter(fin__lt=maintenant).delete()
    age_max = timedelta(seconds=settings.FORMULAIRE_DUREE_MAX_SECONDES + 60)
    jetons, _ = JetonUtilise.objects.filter(utilise_le__lt=maintenant - age_max).delete()
    return compteurs + jetons
