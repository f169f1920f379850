"""The rule of a webhook endpoint's address, for the model, the admin form and the sending."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def valider_url_webhook(url):
    """Raises ValidationError (French) unless `url` is an https:// address (http:// too
    when WEBHOOKS_LOCAL_AUTORISE, for tests and try-outs)."""
    parties = urlsplit(url or "")
    schemas = ("https", "http") if settings.WEBHOOKS_LOCAL_AUTORISE else ("https",)
    if parties.scheme not in schemas or not parties.hostname:
        raise ValidationError(_("Donnez une adresse qui commence par https://."), code="https")
    if parties.username or parties.password:
        raise ValidationError(_("L'adresse ne doit pas contenir d'identifiants."), code="auth")
