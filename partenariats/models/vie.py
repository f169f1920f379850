"""The dated life of a convention: breaches and termination (committees: comite.py).

Events are added, never overwritten: their history is kept by django-simple-history and
the admin does not delete them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats import terme
from ruche.formats import date_longue
from ruche.perimetre import par_le_lieu_de


def hors_vigueur(convention, jour, *, sauf=None):
    """A French sentence when the convention is not in force on the day, else None."""
    termes = convention.termes(sauf=sauf)
    if terme.en_vigueur(termes, jour):
        return None
    if jour < termes.debut:
        return _("La convention ne commence que le %(debut)s.") % {
            "debut": date_longue(termes.debut)
        }
    return _("La convention n'est plus en vigueur depuis le %(fin)s.") % {
        "fin": date_longue(terme.dernier_jour(termes) + terme.UN_JOUR)
    }


class Evenement(models.Model):
    """A dated event in the life of a convention (each subclass names its `convention` link)."""

    enregistre_le = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    objects = par_le_lieu_de("convention__lieu").as_manager()

    class Meta:
        abstract = True


class Manquement(Evenement):
    """A breach notified by one party to the other by a letter, from its receipt on.

    Article 3 (internal rules of the Ruche): only the Ruche notifies it, and the partnership
    ends at once, on the day the letter is received. Article 6 (reciprocal commitments):
    either party notifies the other's failure (Article 2, the other's list); the convention
    lapses one month after the receipt, unless the notifying party records before then
    that the failure was remedied.
    """

    class Article(models.IntegerChoices):
        REGLEMENT = (
            terme.ARTICLE_REGLEMENT,
            _("Article 3 : règlement intérieur (rupture immédiate)"),
        )
        ENGAGEMENTS = (
            terme.ARTICLE_ENGAGEMENTS,
            _("Article 6 : engagements réciproques (caducité un mois après la réception)"),
        )

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="manquements",
        verbose_name=_("convention"),
    )
    article = models.PositiveSmallIntegerField(
        _("article"), choices=Article.choices, default=Article.ENGAGEMENTS
    )
    notifie_le = models.DateField(_("lettre envoyée le"))
    recue_le = models.DateField(
        _("lettre reçue le"),
        null=True,
        blank=True,
        help_text=_("La date de l'accusé de réception. Le délai court à partir de ce jour."),
    )
    # The party that notifies (None: the Ruche, as before the association could).
    partie = models.ForeignKey(
        "partenariats.ConventionPartie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manquements_notifies",
        verbose_name=_("notifié par"),
    )
    engagements = models.ManyToManyField(
        "partenariats.Engagement",
        blank=True,
        related_name="manquements",
        verbose_name=_("engagements non respectés"),
        help_text=_("Les engagements de l'autre partie (article 2) qui ne sont pas tenus."),
    )
    description = models.TextField(_("faits constatés"))
    remediee_le = models.DateField(
        _("manquement réparé le"),
        null=True,
        blank=True,
        help_text=_("Article 6 seulement : les deux parties constatent la réparation."),
    )
    remede = models.TextField(_("ce qui a été fait"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification de manquement")
        verbose_name_plural = _("notifications de manquement")
        ordering = ["convention", "notifie_le"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__in=[3, 6]), name="manquement_article_3_ou_6"
            ),
            models.CheckConstraint(
                condition=models.Q(recue_le__isnull=True)
                | models.Q(recue_le__gte=models.F("notifie_le")),
                name="manquement_recue_apres_envoi",
                violation_error_message=_("La lettre ne peut pas être reçue avant d'être envoyée."),
            ),
            models.CheckConstraint(
                condition=models.Q(remediee_le__isnull=True)
                | models.Q(
                    article=6, recue_le__isnull=False, remediee_le__gte=models.F("recue_le")
                ),
                name="manquement_remede_article_6_apres_reception",
            ),
        ]

    def __str__(self):
        return f"Manquement notifié le {date_longue(self.notifie_le)}"

    def notification(self):
        """The notification as the pure term module reads it."""
        return terme.Notification(self.article, self.recue_le, self.remediee_le)

    @property
    def fin_le(self):
        """First day no longer in force because of it (None: pending, or remedied)."""
        return self.notification().fin

    @property
    def caduque_le(self):
        """The lapse date (Article 6), once the letter is received."""
        if self.article != self.Article.ENGAGEMENTS or self.recue_le is None:
            return None
        return terme.caduque_le(self.recue_le)

    @property
    def est_remediee(self):
        return self.remediee_le is not None

    def auteur(self, parties):
        """The notifying party among the convention's `parties` (the Ruche's when unset)."""
        if self.partie_id is not None:
            return next((p for p in parties if p.pk == self.partie_id), None)
        return next((p for p in parties if p.organisation.est_la_ruche), None)

    def destinataire(self, parties):
        """The party the letter is sent to: the other one."""
        auteur = self.auteur(parties)
        return next((p for p in parties if auteur is None or p.pk != auteur.pk), None)

    @property
    def par_un_partenaire(self):
        """Notified by the association (a failure of the Ruche), not by the Ruche."""
        return self.partie_id is not None and not self.partie.organisation.est_la_ruche

    def consequence(self):
        """What the notification does, in a few French words (no capital, no full stop)."""
        if self.remediee_le is not None:
            return _("réparé le %(date)s : caducité levée") % {
                "date": date_longue(self.remediee_le)
            }
        if self.recue_le is None:
            return _("accusé de réception attendu")
        if self.article == self.Article.REGLEMENT:
            return _("rupture immédiate le %(date)s, article 3") % {
                "date": date_longue(self.recue_le)
            }
        return _("caducité le %(date)s") % {"date": date_longue(self.caduque_le)}

    def clean(self):
        erreurs = {}
        aujourdhui = timezone.localdate()
        if self.recue_le and self.notifie_le and self.recue_le < self.notifie_le:
            erreurs["recue_le"] = _("La lettre ne peut pas être reçue avant d'être envoyée.")
        elif self.recue_le and self.recue_le > aujourdhui:
            erreurs["recue_le"] = _("Notez la réception une fois l'accusé de réception revenu.")
        if self.remediee_le is not None:
            if self.article != self.Article.ENGAGEMENTS:
                erreurs["remediee_le"] = _(
                    "Un manquement au règlement intérieur (article 3) rompt le partenariat "
                    "tout de suite : il ne se répare pas."
                )
            elif self.recue_le is None:
                erreurs["remediee_le"] = _("Notez d'abord la réception de la lettre.")
            elif self.remediee_le < self.recue_le:
                erreurs["remediee_le"] = _("La réparation suit la réception de la lettre.")
            elif self.remediee_le >= self.caduque_le:
                erreurs["remediee_le"] = _(
                    "Trop tard : la convention est caduque depuis le %(date)s."
                ) % {"date": date_longue(self.caduque_le)}
            elif self.remediee_le > aujourdhui:
                erreurs["remediee_le"] = _(
                    "La réparation ne peut pas être datée d'un jour à venir."
                )
        if self.partie_id is not None and self.convention_id is not None:
            if self.partie.convention_id != self.convention_id:
                erreurs["partie"] = _("Cette partie n'est pas signataire de cette convention.")
            elif (
                self.article == self.Article.REGLEMENT and not self.partie.organisation.est_la_ruche
            ):
                erreurs["article"] = _(
                    "Le règlement intérieur est celui du lieu : seul un manquement aux "
                    "engagements réciproques (article 6) se notifie au lieu."
                )
        if erreurs:
            raise ValidationError(erreurs)
        if self.convention_id is None or self.notifie_le is None:
            return
        probleme = hors_vigueur(self.convention, self.notifie_le, sauf=self)
        if probleme:
            raise ValidationError({"notifie_le": probleme})


class Resiliation(Evenement):
    """The termination of a convention, from its date on, with its reason."""

    convention = models.OneToOneField(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="resiliation",
        verbose_name=_("convention"),
    )
    date = models.DateField(
        _("résiliée à partir du"), help_text=_("Premier jour où la convention ne s'applique plus.")
    )
    motif = models.TextField(_("motif"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("résiliation")
        verbose_name_plural = _("résiliations")

    def __str__(self):
        return f"Résiliation au {date_longue(self.date)}"

    def clean(self):
        if self.convention_id is None or self.date is None:
            return
        convention = self.convention
        if self.date <= convention.debut:
            raise ValidationError(
                {
                    "date": _("La résiliation doit suivre le début de la convention (%(debut)s).")
                    % {"debut": date_longue(convention.debut)}
                }
            )
        probleme = hors_vigueur(convention, self.date - terme.UN_JOUR, sauf=self)
        if probleme:
            raise ValidationError({"date": probleme})
