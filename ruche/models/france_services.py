"""The national operators of the France Services programme and the themes within each, as
data: a new partner of the programme is a new row, not a change of code.

The rows of the nine operators of the programme's national convention (CAF, Assurance
maladie, Assurance retraite, MSA, France Travail, Finances publiques, France Titres / ANTS,
Justice, La Poste) and their themes are created by the migration `ruche/0016`; the staff
add or retire rows in the back office. A row is never deleted once visits use it
(PROTECT): it is retired (`actif=False`) and leaves the lists, the figures keep it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OperateurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class Operateur(models.Model):
    """A national operator of France Services (CAF, MSA, La Poste…)."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable : il est repris tel quel dans les exports pour le réseau."),
    )
    nom = models.CharField(_("nom"), max_length=100, unique=True)
    nom_complet = models.CharField(_("nom complet"), max_length=200, blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    actif = models.BooleanField(
        _("proposé à la saisie"),
        default=True,
        help_text=_("Décochez pour le retirer des listes ; les passages passés le gardent."),
    )

    objects = OperateurQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opérateur France Services")
        verbose_name_plural = _("opérateurs France Services")
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class ThemeOperateur(models.Model):
    """What the person came for, within one operator (the CAF's housing benefits…)."""

    operateur = models.ForeignKey(
        Operateur,
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="themes",
    )
    code = models.SlugField(_("code"), max_length=40)
    nom = models.CharField(_("nom"), max_length=150)
    ordre = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    actif = models.BooleanField(_("proposé à la saisie"), default=True)

    objects = OperateurQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thème d'un opérateur")
        verbose_name_plural = _("thèmes des opérateurs")
        ordering = ["operateur__ordre", "ordre", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["operateur", "code"],
                name="theme_operateur_code_unique",
                violation_error_message=_("Cet opérateur a déjà un thème avec ce code."),
            )
        ]

    def __str__(self):
        return f"{self.operateur} — {self.nom}"


class Issue(models.TextChoices):
    """What became of the request: the programme counts both."""

    SUR_PLACE = "sur_place", _("Réglé sur place")
    TRANSMIS = "transmis", _("Transmis à l'opérateur")


class Transmission(models.TextChoices):
    """How a request was passed to the operator."""

    RENDEZ_VOUS = "rendez_vous", _("Rendez-vous pris avec l'opérateur")
    DOSSIER = "dossier", _("Dossier transmis")
    VISIO = "visio", _("Mise en relation en visio")


def verifier_france_services(*, operateur_id, theme, issue, transmission):
    """The rules shared by a visit and a démarche: the theme belongs to the operator, the
    way only goes with "passed to the operator". Raises ValidationError."""
    erreurs = {}
    if theme is not None and operateur_id is not None and theme.operateur_id != operateur_id:
        erreurs["theme_operateur"] = _("Ce thème n'est pas un thème de cet opérateur.")
    if transmission and issue != Issue.TRANSMIS:
        erreurs["transmission"] = _(
            "Le moyen de transmission ne va qu'avec « Transmis à l'opérateur »."
        )
    if erreurs:
        raise ValidationError(erreurs)
