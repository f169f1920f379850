from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.models.lieu import champ_lieu

# Translated per language by django-modeltranslation (permanences/translation.py).
CHAMPS_TRADUITS = ("nom", "description", "pieces_a_apporter")


class DemarcheQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True)


class Demarche(models.Model):
    """What a resident comes for: retirement rights, a residence permit…"""

    class Theme(models.TextChoices):
        RETRAITE = "retraite", _("Retraite")
        TITRE_SEJOUR = "titre_sejour", _("Titre de séjour")
        NUMERIQUE = "numerique", _("Numérique")
        AUTRE = "autre", _("Autre")

    lieu = champ_lieu("demarches")
    nom = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("adresse courte"), unique=True)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    description = models.TextField(_("description en mots simples"), blank=True)
    duree_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=45)
    pieces_a_apporter = models.TextField(
        _("papiers à apporter"), blank=True, help_text=_("Un papier par ligne.")
    )
    delai_min_heures = models.PositiveSmallIntegerField(
        _("réservable au plus tard (heures avant)"), default=2
    )
    delai_max_jours = models.PositiveSmallIntegerField(
        _("réservable au plus tôt (jours avant)"), default=90
    )
    delai_modification_heures = models.PositiveSmallIntegerField(
        _("modifiable ou annulable jusqu'à (heures avant)"), default=24
    )
    active = models.BooleanField(_("proposée"), default=True)
    ordre = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = DemarcheQuerySet.as_manager()
    # The history keeps the French text (the original columns): the per-language columns
    # are added by modeltranslation after the history model is built, so it has none.
    history = HistoricalRecords(
        excluded_fields=[
            f"{champ}_{code}" for champ in CHAMPS_TRADUITS for code, _n in settings.LANGUAGES
        ]
    )

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["ordre", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gte=5), name="demarche_duree_minimale"
            )
        ]

    def __str__(self):
        return self.nom

    def pieces(self):
        """The papers to bring, as a list."""
        return [line.strip() for line in self.pieces_a_apporter.splitlines() if line.strip()]
