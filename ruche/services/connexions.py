"""Retention of the login records django-axes keeps (user names, IP addresses, browsers)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def purger_connexions():
    """Deletes login attempts, failures and logs older than CONNEXIONS_CONSERVATION_JOURS.

    Returns the number of rows deleted. A lockout lasts hours: an older attempt counts
    for nothing and is only personal data.
    """
    limite = timezone.now() - timedelta(days=settings.CONNEXIONS_CONSERVATION_JOURS)
    total = 0
    for modele in (AccessAttempt, AccessFailureLog, AccessLog):
        supprimees, _detail = modele.objects.filter(attempt_time__lt=limite).delete()
        total += supprimees
    return total
