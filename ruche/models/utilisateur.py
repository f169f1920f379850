from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Utilisateur(AbstractUser):
    """An account: Ruche staff, a partner's volunteer or a committee member."""

    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membres",
        help_text=_("L'organisation dont la personne fait partie ; elle limite ce qu'elle voit."),
    )

    lieux = models.ManyToManyField(
        "ruche.Lieu",
        verbose_name=_("lieux"),
        blank=True,
        related_name="equipe",
        help_text=_(
            "Pour le personnel et la coordination : les lieux dont la personne voit l'activité."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def role_names(self):
        """The names of the user's groups, read once per request."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names
