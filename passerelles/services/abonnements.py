"""Subscriptions' secrets: created with the subscription, rotated without downtime."""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelles.models import SecretAbonnement


def nouveau_secret():
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def faire_tourner_secret(*, abonnement, maintenant=None) -> str:
    """Adds a new secret and gives the current ones an end WEBHOOKS_ROTATION_HEURES later:
    until then each delivery is signed with both. Returns the new secret (to show once)."""
    maintenant = maintenant or timezone.now()
    fin = maintenant + timedelta(hours=settings.WEBHOOKS_ROTATION_HEURES)
    with transaction.atomic():
        abonnement.secrets.filter(expire_le__isnull=True).update(expire_le=fin)
        abonnement.secrets.filter(expire_le__gt=fin).update(expire_le=fin)
        secret = SecretAbonnement.objects.create(
            abonnement=abonnement, secret=nouveau_secret(), cree_le=maintenant
        )
    return secret.secret
