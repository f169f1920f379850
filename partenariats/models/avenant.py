"""Amendments (Article 6): the only way to change the terms, from a date on."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats import terme
from partenariats.models.vie import Evenement
from ruche.formats import date_longue
from ruche.perimetre import par_le_lieu_de


class Avenant(Evenement):
    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="avenants",
        verbose_name=_("convention"),
    )
    numero = models.PositiveSmallIntegerField(
        _("numéro"),
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Laissez vide : le numéro suivant est donné."),
    )
    date = models.DateField(_("signé le"))
    prend_effet_le = models.DateField(_("prend effet le"))
    motif = models.TextField(_("objet de l'avenant"))
    # What it changes in the term (Article 1), from `prend_effet_le` on.
    nouvelle_fin = models.DateField(
        _("nouvelle fin de la période en cours"),
        null=True,
        blank=True,
        help_text=_("Le dernier jour de la période en cours à la prise d'effet. Vide : inchangé."),
    )
    nouvelle_duree_mois = models.PositiveSmallIntegerField(
        _("nouvelle durée de chaque reconduction (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vide : inchangée."),
    )
    sans_reconduction = models.BooleanField(
        _("plus de reconduction"),
        default=False,
        help_text=_("Cochée : la période en cours à la prise d'effet est la dernière."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["convention", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "numero"], name="avenant_numero_unique"),
            models.CheckConstraint(condition=Q(numero__gte=1), name="avenant_numero_positif"),
            models.CheckConstraint(
                condition=Q(nouvelle_duree_mois__isnull=True) | Q(nouvelle_duree_mois__gte=1),
                name="avenant_duree_au_moins_un_mois",
            ),
            models.CheckConstraint(
                condition=Q(nouvelle_fin__isnull=True)
                | Q(nouvelle_fin__gte=models.F("prend_effet_le")),
                name="avenant_nouvelle_fin_apres_effet",
                violation_error_message=_(
                    "La nouvelle fin ne peut pas précéder la prise d'effet de l'avenant."
                ),
            ),
        ]

    def __str__(self):
        return f"Avenant n° {self.numero}"

    def _numero_suivant(self):
        dernier = Avenant.objects.filter(convention_id=self.convention_id).aggregate(
            n=Max("numero")
        )
        return (dernier["n"] or 0) + 1

    def clean(self):
        if self.convention_id is None:
            return
        if self.numero is None:
            self.numero = self._numero_suivant()
        convention = self.convention
        termes = convention.termes(sauf=self)
        fin = terme.dernier_jour(termes)
        erreurs = {}
        if self.date and fin is not None and self.date > fin:
            erreurs["date"] = _(
                "La convention est terminée (résiliée, caduque ou non reconduite) depuis le "
                "%(fin)s : un avenant ne peut plus la modifier."
            ) % {"fin": date_longue(fin + terme.UN_JOUR)}
        if self.prend_effet_le:
            if self.prend_effet_le < convention.debut:
                erreurs["prend_effet_le"] = _(
                    "Un avenant ne peut pas prendre effet avant le début de la convention "
                    "(%(debut)s)."
                ) % {"debut": date_longue(convention.debut)}
            elif fin is not None and self.prend_effet_le > fin and "date" not in erreurs:
                erreurs["prend_effet_le"] = _(
                    "La convention ne sera plus en vigueur à cette date (dernier jour : %(fin)s)."
                ) % {"fin": date_longue(fin)}
        if (
            self.nouvelle_fin
            and self.prend_effet_le
            and self.nouvelle_fin < self.prend_effet_le
            and "prend_effet_le" not in erreurs
        ):
            erreurs["nouvelle_fin"] = _(
                "La nouvelle fin ne peut pas précéder la prise d'effet de l'avenant (%(effet)s)."
            ) % {"effet": date_longue(self.prend_effet_le)}
        changement = self.changement_terme()
        if changement is not None and not erreurs:
            try:
                replace(termes, changements=(*termes.changements, changement))
            except ValueError as exc:
                erreurs["nouvelle_fin"] = str(exc)
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def change_le_terme(self):
        return bool(self.nouvelle_fin or self.nouvelle_duree_mois or self.sans_reconduction)

    def changement_terme(self):
        """What it changes in the term, as the pure term module reads it (or None)."""
        if not self.change_le_terme or self.prend_effet_le is None:
            return None
        return terme.ChangementTerme(
            self.prend_effet_le,
            self.nouvelle_fin,
            self.nouvelle_duree_mois,
            self.sans_reconduction,
        )

    def save(self, *args, **kwargs):
        if self.numero is None:
            self.numero = self._numero_suivant()
        super().save(*args, **kwargs)

    def modification(self):
        """The amendment as the pure term module reads it."""
        return terme.Modification(
            self.numero,
            self.prend_effet_le,
            tuple(terme.TexteArticle(a.numero, a.titre, a.texte) for a in self.articles.all()),
        )


class ArticleAvenant(models.Model):
    """An article an amendment writes: it replaces the article of that number, or adds it."""

    avenant = models.ForeignKey(
        Avenant, on_delete=models.CASCADE, related_name="articles", verbose_name=_("avenant")
    )
    numero = models.PositiveSmallIntegerField(
        _("numéro de l'article"), validators=[MinValueValidator(1)]
    )
    titre = models.CharField(_("titre"), max_length=200)
    texte = models.TextField(_("nouveau texte"))

    history = HistoricalRecords()
    objects = par_le_lieu_de("avenant__convention__lieu").as_manager()

    class Meta:
        verbose_name = _("article modifié ou ajouté")
        verbose_name_plural = _("articles modifiés ou ajoutés")
        ordering = ["avenant", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["avenant", "numero"], name="article_avenant_numero_unique"
            ),
            models.CheckConstraint(
                condition=Q(numero__gte=1), name="article_avenant_numero_positif"
            ),
        ]

    def __str__(self):
        return f"Article {self.numero} : {self.titre}"
