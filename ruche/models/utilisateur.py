from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.perimetre import SansLieuQuerySet


class UtilisateurQuerySet(SansLieuQuerySet):
    def du_lieu(self, lieux):
        """An account of one of the places `lieux`: it is given the place (staff, committee),
        or its organisation is named there (a partner's volunteers, the town's committee)."""
        equipes = self.model.lieux.through.objects.filter(lieu__in=lieux).values("utilisateur")
        organisations = self.model._meta.get_field("organisation").related_model.objects
        return models.Q(pk__in=equipes) | models.Q(
            organisation__in=organisations.filter(organisations.liees_aux_lieux(lieux))
        )


class UtilisateurManager(UserManager.from_queryset(UtilisateurQuerySet)):
    use_in_migrations = True


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

    objects = UtilisateurManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def noms_des_roles(self):
        """The names of the user's groups, read once per request."""
        if not hasattr(self, "_noms_des_roles"):
            self._noms_des_roles = set(self.groups.values_list("name", flat=True))
        return self._noms_des_roles
