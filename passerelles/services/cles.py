"""Creating, finding and revoking API keys."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from passerelles.models import CleApi

PREFIXE = "ruche_"
# The last use is written at most this often: a busy key does not write at every request.
PRECISION_UTILISATION = timedelta(minutes=10)


def empreinte(texte):
    return hashlib.sha256(texte.encode()).hexdigest()


def creer_cle(*, nom, organisation=None, lieu=None, par=None) -> tuple[CleApi, str]:
    """A new key for one organisation or one place: (the row, the key in clear, to show
    once). Raises ValidationError (French) without exactly one holder."""
    debut = secrets.token_hex(4)
    texte = f"{PREFIXE}{debut}_{secrets.token_urlsafe(32)}"
    cle = CleApi(
        nom=nom,
        organisation=organisation,
        lieu=lieu,
        prefixe=f"{PREFIXE}{debut}",
        empreinte=empreinte(texte),
        cree_par=par,
    )
    cle.full_clean()
    cle.save()
    return cle, texte


def revoquer_cle(*, cle) -> CleApi:
    """From now on the key opens nothing; it stays listed, with the date."""
    with transaction.atomic():
        CleApi.objects.filter(pk=cle.pk, revoquee_le__isnull=True).update(
            revoquee_le=timezone.now()
        )
    cle.refresh_from_db()
    return cle


def trouver_cle(texte) -> CleApi | None:
    """The valid key whose text this is, or None."""
    if not texte or not texte.startswith(PREFIXE) or len(texte) > 200:
        return None
    cle = CleApi.objects.valides().filter(empreinte=empreinte(texte)).first()
    if cle is not None:
        maintenant = timezone.now()
        if cle.utilisee_le is None or cle.utilisee_le < maintenant - PRECISION_UTILISATION:
            CleApi.objects.filter(pk=cle.pk).update(utilisee_le=maintenant)
    return cle
