"""API keys: one per partner organisation or place, stored hashed, shown once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.models.titulaire import Titulaire


class CleApiQuerySet(models.QuerySet):
    def valides(self):
        return self.filter(revoquee_le__isnull=True)


class CleApi(Titulaire):
    """A key a partner tool sends as `Authorization: Bearer …`. Only its SHA-256 is kept:
    the key is random (256 bits), so a fast hash is as safe as a slow one and costs nothing
    per request."""

    nom = models.CharField(
        _("nom"), max_length=100, help_text=_("À quoi elle sert : « Logiciel de l'association ».")
    )
    prefixe = models.CharField(_("début de la clé"), max_length=16, unique=True, editable=False)
    empreinte = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoquee_le = models.DateTimeField(_("révoquée le"), null=True, blank=True, editable=False)
    utilisee_le = models.DateTimeField(
        _("dernière utilisation"), null=True, blank=True, editable=False
    )

    objects = CleApiQuerySet.as_manager()

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["-cree_le"]
        constraints = [Titulaire.contrainte("cle_api_un_titulaire")]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    @property
    def est_valide(self):
        return self.revoquee_le is None
