"""Accounts managed by others: the holder chooses their own password from a link sent to
their address; nobody types it for them."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ruche.courriels import envoyer


def _adresse(chemin):
    return settings.SITE_URL.rstrip("/") + chemin


def envoyer_lien_mot_de_passe(*, compte, par, nouveau=False):
    """Mails the account's holder the link of the page where one chooses a new password,
    valid as the site's own reset link. `nouveau`: the account was just made for them.

    Raises ValidationError (French) when the account has no e-mail address."""
    if not compte.email:
        raise ValidationError(
            _("%(compte)s n'a pas d'adresse e-mail : ajoutez-la, puis envoyez le lien.")
            % {"compte": compte.get_username()}
        )
    chemin = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": default_token_generator.make_token(compte),
        },
    )
    envoyer(
        to=compte.email,
        template="ruche/courriels/lien_mot_de_passe",
        context={"compte": compte, "par": par, "nouveau": nouveau, "lien": _adresse(chemin)},
    )


def prevenir_changement_adresse(*, compte, ancienne, par):
    """Tells the former address that someone else changed the account's address: a link
    sent to the new one would otherwise go unnoticed by its holder."""
    if ancienne and ancienne != compte.email:
        envoyer(
            to=ancienne,
            template="ruche/courriels/adresse_changee",
            context={"compte": compte, "par": par, "connexion": _adresse(reverse("login"))},
        )
