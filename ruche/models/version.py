from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionDonnees(models.Model):
    """One row per kind of data whose number changes with every write to it.

    The staff's cached pages (statistics dashboard, day board alerts) are keyed by it: each
    web process reads it (one indexed row), so none serves a figure older than the last
    committed write. Bumped by ruche.versions in the writer's transaction."""

    nom = models.CharField(_("nom"), max_length=40, primary_key=True)
    valeur = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("version des données")
        verbose_name_plural = _("versions des données")

    def __str__(self):
        return f"{self.nom} : {self.valeur}"


class VersionCreneaux(models.Model):
    """The free slots' one version of before the versions scoped by place (ruche.portees).

    Nothing reads or writes it any more; it keeps the table it had in permanences until a
    migration drops it."""

    valeur = models.BigIntegerField(_("version"), default=0)

    class Meta:
        db_table = "permanences_versioncreneaux"
        verbose_name = _("version des créneaux libres")
        verbose_name_plural = _("versions des créneaux libres")

    def __str__(self):
        return str(self.valeur)
