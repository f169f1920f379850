from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from permanences import pictogrammes
from ruche.langues import colonnes_traduites
from ruche.models.france_services import verifier_france_services
from ruche.models.lieu import champ_lieu
from ruche.perimetre import DuLieuQuerySet

# Translated per language by django-modeltranslation (permanences/translation.py).
CHAMPS_TRADUITS = ("nom", "description", "pieces_a_apporter")


class DemarcheQuerySet(DuLieuQuerySet):
    def actives(self):
        return self.filter(active=True)


class Demarche(models.Model):
    """What a resident comes for: retirement rights, a residence permit…"""

    class Theme(models.TextChoices):
        RETRAITE = "retraite", _("Retraite")
        TITRE_SEJOUR = "titre_sejour", _("Titre de séjour")
        NUMERIQUE = "numerique", _("Numérique")
        AUTRE = "autre", _("Autre")

    class Pictogramme(models.TextChoices):
        # The files of static/img/pictogrammes/; the label says what the drawing shows.
        RETRAITE = "retraite", _("Retraite (personne avec une canne)")
        REVENUS = "retraite-revenus", _("Analyse des revenus (pièces et loupe)")
        CARRIERE = "retraite-carriere", _("Vérification de carrière (marches et coche)")
        COMPLEMENT = "retraite-complement", _("Complément de revenus (pièce et plus)")
        PREMIERE_DEMANDE = "titre-sejour-premiere", _("Première demande (carte et plus)")
        RENOUVELLEMENT = "titre-sejour-renouvellement", _("Renouvellement (carte et flèches)")
        TITRE_SEJOUR = "titre-sejour", _("Titre de séjour (carte et coche)")
        NUMERIQUE = "numerique", _("Numérique (écran)")
        AUTRE = "autre", _("Autre (information)")

    lieu = champ_lieu("demarches")
    nom = models.CharField(_("nom"), max_length=150)
    # Unique per place: two places may each offer "retraite", each under its own slug.
    slug = models.SlugField(_("adresse courte"))
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    # What an honoured appointment of this démarche counts as in the France Services
    # figures: its visit is filled in from here, nobody types it again.
    operateur = models.ForeignKey(
        "ruche.Operateur",
        verbose_name=_("opérateur France Services"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demarches",
        help_text=_("Vide : les rendez-vous honorés sont comptés sans opérateur."),
    )
    theme_operateur = models.ForeignKey(
        "ruche.ThemeOperateur",
        verbose_name=_("thème de l'opérateur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demarches",
    )
    pictogramme = models.CharField(
        _("pictogramme"),
        max_length=30,
        choices=Pictogramme.choices,
        blank=True,
        help_text=_("Dessin montré à côté du nom. Vide : celui du thème."),
    )
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
    discrete = models.BooleanField(
        _("discrète"),
        default=False,
        help_text=_(
            "Les SMS et les objets des e-mails ne disent pas son nom : un écran verrouillé "
            "montre « votre rendez-vous », pas « titre de séjour »."
        ),
    )
    active = models.BooleanField(_("proposée"), default=True)
    ordre = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = DemarcheQuerySet.as_manager()
    # The history keeps the French text (the original columns): the per-language columns
    # are added by modeltranslation after the history model is built, so it has none.
    history = HistoricalRecords(excluded_fields=colonnes_traduites(CHAMPS_TRADUITS))

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["ordre", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gte=5), name="demarche_duree_minimale"
            ),
            models.UniqueConstraint(
                fields=["lieu", "slug"],
                name="demarche_slug_unique_par_lieu",
                violation_error_message=_("Ce lieu a déjà une démarche à cette adresse courte."),
            ),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        if self.theme_operateur_id and not self.operateur_id:
            self.operateur_id = self.theme_operateur.operateur_id
        verifier_france_services(
            operateur_id=self.operateur_id,
            theme=self.theme_operateur if self.theme_operateur_id else None,
            issue="",
            transmission="",
        )

    def pieces(self):
        """The papers to bring, as a list."""
        return [line.strip() for line in self.pieces_a_apporter.splitlines() if line.strip()]

    def fichier_pictogramme(self):
        """The static URL of the démarche's pictogram (the theme's when none is chosen)."""
        par_theme = {
            self.Theme.RETRAITE: self.Pictogramme.RETRAITE,
            self.Theme.TITRE_SEJOUR: self.Pictogramme.TITRE_SEJOUR,
            self.Theme.NUMERIQUE: self.Pictogramme.NUMERIQUE,
        }
        return pictogrammes.chemin(
            self.pictogramme or par_theme.get(self.theme, self.Pictogramme.AUTRE)
        )

    def pieces_illustrees(self):
        """[(paper, pictogram URL)] in the active language; the French line at the same
        place names the pictogram when the translation has no known word."""
        francaises = [ligne.strip() for ligne in (self.pieces_a_apporter_fr or "").splitlines()]
        francaises = [ligne for ligne in francaises if ligne]
        return [
            (
                piece,
                pictogrammes.chemin(
                    pictogrammes.pictogramme_papier(
                        piece, francaises[rang] if rang < len(francaises) else ""
                    )
                ),
            )
            for rang, piece in enumerate(self.pieces())
        ]
