"""What the accessibility statement says, as the RGAA's model statement asks: the audits
staff record (date, auditor, rate, pages audited), from which the site's status follows,
and the multi-year plan and the year's action plan."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StatutConformite(models.TextChoices):
    TOTALE = "totale", _("totalement conforme")
    PARTIELLE = "partielle", _("partiellement conforme")
    NON = "non", _("non conforme")


def statut_conformite(taux):
    """The RGAA's rule: every criterion met, totally; half of them or more, partially;
    fewer, or no audit at all (`taux` None), not compliant."""
    if taux is None:
        return StatutConformite.NON
    if taux >= 100:
        return StatutConformite.TOTALE
    if taux >= 50:
        return StatutConformite.PARTIELLE
    return StatutConformite.NON


def lignes(texte):
    """The non-empty lines of a text typed one item per line."""
    return [ligne.strip() for ligne in texte.splitlines() if ligne.strip()]


class AuditAccessibiliteQuerySet(models.QuerySet):
    def dernier(self):
        """The latest audit, which the statement and the status follow; None before any."""
        return self.order_by("-date", "-pk").first()


class AuditAccessibilite(models.Model):
    """An audit of the site against the RGAA: who made it, when, the share of its criteria
    met and the pages it checked."""

    date = models.DateField(_("date de l'audit"))
    auditeur = models.CharField(
        _("réalisé par"),
        max_length=200,
        help_text=_("La personne ou l'organisme qui a fait l'audit."),
    )
    taux = models.DecimalField(
        _("taux de conformité (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "Part des critères du RGAA respectés. 100 % : totalement conforme ; 50 % ou "
            "plus : partiellement conforme ; moins : non conforme."
        ),
    )
    pages = models.TextField(
        _("pages auditées"), help_text=_("Une page par ligne : son nom, puis son adresse.")
    )
    environnement = models.TextField(
        _("environnement de test"),
        blank=True,
        help_text=_("Une ligne par combinaison : navigateur, lecteur d'écran, système."),
    )
    non_conformites = models.TextField(
        _("contenus non accessibles"),
        blank=True,
        help_text=_("Une ligne par problème relevé, en mots simples."),
    )
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    enregistre_le = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    objects = AuditAccessibiliteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit d'accessibilité")
        verbose_name_plural = _("audits d'accessibilité")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taux__gte=0, taux__lte=100),
                name="audit_taux_entre_0_et_100",
                violation_error_message=_("Le taux est entre 0 et 100 %."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.auditeur} — {self.taux} %"

    @property
    def statut(self):
        return statut_conformite(self.taux)

    @property
    def taux_lisible(self):
        """The rate as people write it, in the page's language: 62.50 → « 62,5 », 100 → « 100 »."""
        valeur = self.taux.normalize()
        if valeur == valeur.to_integral_value():
            valeur = valeur.quantize(Decimal(1))
        return formats.number_format(valeur)

    @property
    def liste_pages(self):
        return lignes(self.pages)

    @property
    def liste_environnement(self):
        return lignes(self.environnement)

    @property
    def liste_non_conformites(self):
        return lignes(self.non_conformites)


class PlanAccessibiliteQuerySet(models.QuerySet):
    def en_cours(self, nature, annee):
        """The plan of that kind covering the year, else the latest one; None before any."""
        plans = self.filter(nature=nature).order_by("-debut", "-pk")
        return plans.filter(debut__lte=annee, fin__gte=annee).first() or plans.first()


class PlanAccessibilite(models.Model):
    """The multi-year plan (three years at most) or the year's action plan the statement
    publishes, one action per line."""

    class Nature(models.TextChoices):
        PLURIANNUEL = "pluriannuel", _("Schéma pluriannuel de mise en accessibilité")
        ANNUEL = "annuel", _("Plan d'actions de l'année")

    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    debut = models.PositiveSmallIntegerField(_("première année"))
    fin = models.PositiveSmallIntegerField(_("dernière année"))
    actions = models.TextField(_("actions"), help_text=_("Une action par ligne, en mots simples."))

    objects = PlanAccessibiliteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan de mise en accessibilité")
        verbose_name_plural = _("plans de mise en accessibilité")
        ordering = ["nature", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gte=F("debut")),
                name="plan_accessibilite_fin_apres_debut",
                violation_error_message=_("La dernière année vient après la première."),
            ),
        ]

    def __str__(self):
        if self.debut == self.fin:
            return f"{self.get_nature_display()} {self.debut}"
        return f"{self.get_nature_display()} {self.debut}–{self.fin}"

    def clean(self):
        if self.debut is None or self.fin is None:
            return
        if self.nature == self.Nature.ANNUEL and self.fin != self.debut:
            raise ValidationError(
                {"fin": _("Un plan d'actions vaut pour une année : la même que la première.")}
            )
        if self.nature == self.Nature.PLURIANNUEL and self.fin - self.debut > 2:
            raise ValidationError({"fin": _("Un schéma pluriannuel dure trois ans au plus.")})

    @property
    def liste_actions(self):
        return lignes(self.actions)
