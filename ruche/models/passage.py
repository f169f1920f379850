"""The visitor log: one `Passage` per person received, and `TotalHistorique` for the figures
of the years before the app (the 2023 activity report), so that every year can be compared.

No name is ever recorded: a visit is a kind of support, a theme, maybe a partner and an
anonymous profile.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.formats import PARIS
from ruche.models import compte
from ruche.models.compte import CATEGORIES, debut_du_mois
from ruche.models.france_services import Issue, Transmission, verifier_france_services
from ruche.models.lieu import champ_lieu, lieu_par_defaut
from ruche.perimetre import DuLieuQuerySet
from ruche.roles import est_personnel


class Accompagnement(models.TextChoices):
    """The kinds of support of the France Services activity report."""

    SANS_RDV = "sans_rdv", _("Accompagnement individuel sans rendez-vous")
    AVEC_RDV = "avec_rdv", _("Accompagnement individuel avec rendez-vous")
    AUTONOMIE = "autonomie", _("Accès en autonomie à l'ordinateur")
    PARTENAIRE = "partenaire", _("Pris en charge par un partenaire")
    CNFS = "cnfs", _("Pris en charge par la CNFS")
    ATELIER = "atelier", _("Atelier collectif")
    AUTRE = "autre", _("Autre")


class Theme(models.TextChoices):
    """The démarche themes of the visitor log before the France Services operators were
    data (ruche.models.france_services). Kept on the visits typed then: the migration
    `ruche/0016` put each under its operator where the theme names one, and a visit whose
    theme names none (a residence permit, housing…) keeps it, shown as not attached to an
    operator rather than guessed."""

    RETRAITE = "retraite", _("Retraite")
    TITRE_SEJOUR = "titre_sejour", _("Titre de séjour")
    IMPOTS = "impots", _("Impôts")
    CAF = "caf", _("CAF, allocations familiales")
    SANTE = "sante", _("Assurance maladie, santé")
    EMPLOI = "emploi", _("Emploi")
    ETAT_CIVIL = "etat_civil", _("État civil, papiers d'identité")
    ANTS = "ants", _("Permis de conduire, carte grise (ANTS)")
    LOGEMENT = "logement", _("Logement")
    JUSTICE = "justice", _("Justice, accès au droit")
    ENERGIE_BUDGET = "energie_budget", _("Énergie, budget")
    NUMERIQUE_AUTRE = "numerique_autre", _("Numérique, autre démarche")


class TrancheAge(models.TextChoices):
    MOINS_26 = "moins_26", _("Moins de 26 ans")
    DE_26_A_59 = "26_59", _("26 à 59 ans")
    DE_60_A_74 = "60_74", _("60 à 74 ans")
    PLUS_75 = "75_plus", _("75 ans et plus")


class Modification(models.TextChoices):
    """Who may change a visit, and how (see Passage.regle_modification)."""

    LIBRE = "libre", _("Modifiable sans motif")
    AVEC_MOTIF = "avec_motif", _("Modifiable avec un motif")
    INTERDITE = "interdite", _("Non modifiable")


def visiteurs_changes(lieux=None):
    """A bulk write of visits (no signal) at the places `lieux` (pks; None: not known): new
    versions of the visitor log's figures and of those places' visits (their staff's
    visitor counters, their statistics' visitor tables: ruche.portees_personnel), in the
    caller's transaction; not known, of the staff's pages (every counter). The statistics'
    sections keep theirs."""
    # Imported here: ruche.versions imports the models.
    from ruche.portees_personnel import PASSAGES, changer_personnel
    from ruche.versions import ESPACE, VISITEURS, renouveler

    renouveler(VISITEURS)
    if lieux is None:
        renouveler(ESPACE)
    else:
        changer_personnel(PASSAGES, lieux=lieux)


class PassageQuerySet(DuLieuQuerySet):
    """Writes that bypass the model's save and delete still keep the monthly counts
    (ruche.models.compte) and change the data's version."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        sans_lieu = [passage for passage in objs if passage.sans_lieu]
        if sans_lieu:
            # Once for the whole batch: the default place costs a query (Passage.lieu).
            lieu = lieu_par_defaut()
            for passage in sans_lieu:
                passage.lieu_id = lieu
        with transaction.atomic(using=self.db):
            crees = super().bulk_create(objs, *args, **kwargs)
            compte.ajouter(Counter(compte.cle(p) for p in objs))
            visiteurs_changes({p.lieu_id for p in objs})
        return crees

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            # The months the rows leave, and the one they move to: counted again after.
            mois = {
                m.astimezone(PARIS).date()
                for m in self.annotate(_mois=TruncMonth("quand", tzinfo=PARIS))
                .order_by()
                .values_list("_mois", flat=True)
                .distinct()
            }
            # The places the rows are at (and move to): their counters and figures change.
            lieux = None
            if not {"lieu", "lieu_id"} & set(kwargs):
                lieux = set(self.order_by().values_list("lieu_id", flat=True).distinct())
            nombre = super().update(**kwargs)
            if "quand" in kwargs:
                quand = kwargs["quand"]
                mois = None if not isinstance(quand, datetime) else {*mois, debut_du_mois(quand)}
            compte.recompter(mois)
            visiteurs_changes(lieux)
        return nombre

    def du_jour(self, jour):
        """The visits of one day, Paris time."""
        debut = datetime.combine(jour, time(), tzinfo=PARIS)
        fin = datetime.combine(jour + timedelta(days=1), time(), tzinfo=PARIS)
        return self.filter(quand__gte=debut, quand__lt=fin)


class Passage(models.Model):
    """One person received at the Ruche (anonymous)."""

    Accompagnement = Accompagnement
    Theme = Theme
    TrancheAge = TrancheAge
    Issue = Issue
    Transmission = Transmission

    # No field default: `lieu_par_defaut` asks the database, and a default runs for every
    # visit built without a place (a thousand queries for a thousand visits). A visit
    # without a place gets the default one when it is checked or written (clean_fields,
    # save, bulk_create once per batch): the place of that moment, never an older one.
    lieu = models.ForeignKey(
        "ruche.Lieu", verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="passages"
    )
    quand = models.DateTimeField(_("date et heure"), default=timezone.now)
    accompagnement = models.CharField(
        _("type d'accompagnement"), max_length=20, choices=Accompagnement.choices
    )
    theme = models.CharField(
        _("ancien thème"),
        max_length=20,
        choices=Theme.choices,
        blank=True,
        default="",
        help_text=_("Le thème noté avant les opérateurs France Services."),
    )
    operateur = models.ForeignKey(
        "ruche.Operateur",
        verbose_name=_("opérateur France Services"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="passages",
    )
    theme_operateur = models.ForeignKey(
        "ruche.ThemeOperateur",
        verbose_name=_("thème"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="passages",
    )
    issue = models.CharField(
        _("suite donnée"), max_length=20, choices=Issue.choices, blank=True, default=""
    )
    transmission = models.CharField(
        _("moyen de transmission"),
        max_length=20,
        choices=Transmission.choices,
        blank=True,
        default="",
    )
    partenaire = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("partenaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="passages",
    )
    tranche_age = models.CharField(
        _("tranche d'âge"), max_length=10, choices=TrancheAge.choices, blank=True, default=""
    )
    premiere_visite = models.BooleanField(_("première visite"), null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="passages_saisis",
    )
    cree_le = models.DateTimeField(_("saisi le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = PassageQuerySet.as_manager()

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["-quand"]
        indexes = [
            # Covers the statistics query (range on quand, group by the other columns), so
            # PostgreSQL can answer it from the index alone.
            models.Index(
                fields=[
                    "quand",
                    "accompagnement",
                    "theme",
                    "partenaire",
                    "lieu",
                    "operateur",
                    "theme_operateur",
                    "issue",
                    "transmission",
                ],
                name="passage_stats_fs_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(transmission="") | models.Q(issue=Issue.TRANSMIS),
                name="passage_transmission_si_transmis",
                violation_error_message=_(
                    "Le moyen de transmission ne va qu'avec « Transmis à l'opérateur »."
                ),
            ),
        ]

    def __str__(self):
        quand = timezone.localtime(self.quand).strftime("%d/%m/%Y %H:%M")
        return f"{quand} — {self.get_accompagnement_display()}"

    def save(self, *args, **kwargs):
        """Saves the visit and moves its count (ruche.models.compte) in one transaction: the
        row as it was is read under a lock, so two corrections of one visit at once each
        take back what the other left."""
        from ruche.versions import renouvellements_groupes  # ruche.versions imports models

        self._lieu_par_defaut_si_absent()
        # The versions its signals renew (the visitor log's, the visitor counters': the
        # network's rows among them) written in one statement, last, with the counts.
        with transaction.atomic(using=kwargs.get("using")), renouvellements_groupes():
            avant = None
            if not self._state.adding and self.pk is not None:
                avant = (
                    Passage.objects.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("quand", "lieu_id", *CATEGORIES)
                    .first()
                )
            super().save(*args, **kwargs)
            ecarts = Counter({compte.cle(self): 1})
            if avant is not None:
                quand, *reste = avant
                ecarts[(debut_du_mois(quand), *reste)] -= 1
            compte.ajouter(ecarts)

    @property
    def sans_lieu(self):
        """No place given. A place given but not saved yet is not "no place": saving then
        fails as Django says, rather than file the visit under the default place."""
        return self.lieu_id is None and (
            Passage.lieu.field.get_cached_value(self, default=None) is None
        )

    def _lieu_par_defaut_si_absent(self):
        if self.sans_lieu:
            self.lieu_id = lieu_par_defaut()

    def clean_fields(self, exclude=None):
        if not exclude or "lieu" not in exclude:
            self._lieu_par_defaut_si_absent()
        super().clean_fields(exclude=exclude)

    def clean(self):
        # A theme says its operator: the operator is taken from it when not given.
        if self.theme_operateur_id and not self.operateur_id:
            self.operateur_id = self.theme_operateur.operateur_id
        verifier_france_services(
            operateur_id=self.operateur_id,
            theme=self.theme_operateur if self.theme_operateur_id else None,
            issue=self.issue,
            transmission=self.transmission,
        )

    @property
    def libelle_france_services(self):
        """ "CAF — Aides au logement", the operator alone, or the old theme a visit typed
        before the operators kept when it named none ("Non rattaché (Titre de séjour)")."""
        if self.theme_operateur_id:
            return str(self.theme_operateur)
        if self.operateur_id:
            return str(self.operateur)
        if self.theme:
            return _("Non rattaché à un opérateur (%(theme)s)") % {
                "theme": self.get_theme_display()
            }
        return ""

    def regle_modification(self, utilisateur, *, maintenant=None):
        """Its author may change a visit the day it was typed; later, or anyone else on the
        staff, only with a reason (kept in the history). Nobody else may."""
        if not est_personnel(utilisateur):
            return Modification.INTERDITE
        maintenant = maintenant or timezone.now()
        meme_jour = (
            timezone.localtime(self.quand, PARIS).date()
            == timezone.localtime(maintenant, PARIS).date()
        )
        if meme_jour and self.auteur_id == utilisateur.pk:
            return Modification.LIBRE
        return Modification.AVEC_MOTIF


class TotalHistorique(models.Model):
    """A count typed from a report of before the app: a month or a whole year, for one kind of
    support or "non ventilé" (people counted in the total whose kind was not reported), at
    one place."""

    lieu = champ_lieu("totaux_historiques")
    annee = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    mois = models.PositiveSmallIntegerField(
        _("mois"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Vide pour un total de toute l'année."),
    )
    accompagnement = models.CharField(
        _("type d'accompagnement"),
        max_length=20,
        choices=Accompagnement.choices,
        blank=True,
        default="",
        help_text=_("Vide pour « non ventilé » : compté dans le total, sans type connu."),
    )
    nombre = models.PositiveIntegerField(_("nombre de visiteurs"))
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Par exemple : rapport d'activité 2023.")
    )

    objects = DuLieuQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("total historique")
        verbose_name_plural = _("totaux historiques")
        ordering = ["annee", "mois", "accompagnement"]
        constraints = [
            models.UniqueConstraint(
                fields=["lieu", "annee", "mois", "accompagnement"],
                name="total_historique_unique_mois_lieu",
            ),
            models.UniqueConstraint(
                fields=["lieu", "annee", "accompagnement"],
                condition=models.Q(mois__isnull=True),
                name="total_historique_unique_annee_lieu",
            ),
            models.CheckConstraint(
                condition=models.Q(mois__isnull=True) | models.Q(mois__gte=1, mois__lte=12),
                name="total_historique_mois_valide",
            ),
        ]

    def __str__(self):
        periode = f"{self.mois:02d}/{self.annee}" if self.mois else str(self.annee)
        libelle = self.get_accompagnement_display() or _("Non ventilé")
        return f"{periode} — {libelle} : {self.nombre}"

    def clean(self):
        # A year typed both as a whole and by month would be counted twice.
        autres = TotalHistorique.objects.filter(
            lieu_id=self.lieu_id, annee=self.annee, accompagnement=self.accompagnement
        ).exclude(pk=self.pk)
        if self.mois is None and autres.filter(mois__isnull=False).exists():
            raise ValidationError(
                _(
                    "Cette année a déjà des totaux par mois pour ce type : "
                    "ils compteraient deux fois."
                )
            )
        if self.mois is not None and autres.filter(mois__isnull=True).exists():
            raise ValidationError(
                _("Cette année a déjà un total annuel pour ce type : il compterait deux fois.")
            )


@receiver(post_delete, sender=Passage)
def decompter(sender, instance, **kwargs):
    """A visit removed (one, or a queryset's) leaves its month's count."""
    compte.ajouter({compte.cle(instance): -1})
