import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.perimetre import SansLieuQuerySet


def nouvelle_cle():
    return secrets.token_urlsafe(32)


class JetonQuerySet(SansLieuQuerySet):
    def du_lieu(self, lieux):
        """A feed is its holder's: of the places whose staff see the account."""
        comptes = self.model._meta.get_field("utilisateur").related_model.objects
        return models.Q(utilisateur__in=comptes.filter(comptes.du_lieu(lieux)))


class JetonCalendrier(models.Model):
    """The secret in the address of a volunteer's private calendar feed (ICS).

    Deleting it revokes the address; a new one replaces it.
    """

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="jeton_calendrier",
    )
    cle = models.CharField(_("clé secrète"), max_length=64, unique=True, default=nouvelle_cle)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = JetonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d'agenda privé")
        verbose_name_plural = _("liens d'agenda privés")

    def __str__(self):
        return str(self.utilisateur)
