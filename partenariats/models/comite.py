"""The yearly follow-up committee (Articles 1 and 4): planned by staff, then recorded with
each party's agreement, the attendees and the minutes. Renewal needs both agreements."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats import comites, terme
from partenariats.models.vie import Evenement, hors_vigueur
from ruche.fichiers import FichierProtegeField, NomGenere, noter_les_types
from ruche.formats import date_longue
from ruche.validators import valider_pdf

# Each party's answer on renewal; the constraint below reads the same values.
ACCORD, REFUS = "accord", "refus"


class ComiteSuivi(Evenement):
    """The yearly follow-up committee (Article 4), held in the last quarter of each period."""

    class Decision(models.TextChoices):
        RECONDUIRE = terme.RECONDUIRE, _("Reconduire pour une nouvelle période")
        NE_PAS_RECONDUIRE = terme.NE_PAS_RECONDUIRE, _("Ne pas reconduire")
        EN_ATTENTE = terme.EN_ATTENTE, _("Pas encore décidé")

    class Accord(models.TextChoices):
        EN_ATTENTE = terme.EN_ATTENTE, _("Pas encore donné")
        ACCORD = ACCORD, _("D'accord pour reconduire")
        REFUS = REFUS, _("Refuse la reconduction")

    AIDE_ANNEE_RAPPORT = _(
        "L'année du rapport d'activité présenté au comité. Laissée vide : l'année de la réunion."
    )

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="comites",
        verbose_name=_("convention"),
    )
    date = models.DateField(_("date de la réunion"))
    heure = models.TimeField(_("heure"), default=time(14, 0))
    lieu = models.CharField(_("lieu"), max_length=200, default="La Ruche numérique")
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Une personne par ligne.")
    )
    accord_ruche = models.CharField(
        _("accord de la Ruche numérique"),
        max_length=20,
        choices=Accord.choices,
        default=Accord.EN_ATTENTE,
    )
    accord_association = models.CharField(
        _("accord de l'association"),
        max_length=20,
        choices=Accord.choices,
        default=Accord.EN_ATTENTE,
    )
    # Who recorded each party's answer, and when: a member of that party, through the site
    # (the minutes print it). Empty for answers recorded before each party gave its own.
    accord_ruche_par = models.CharField(
        _("accord de la Ruche enregistré par"), max_length=200, blank=True, editable=False
    )
    accord_ruche_le = models.DateTimeField(
        _("accord de la Ruche enregistré le"), null=True, blank=True, editable=False
    )
    accord_association_par = models.CharField(
        _("accord de l'association enregistré par"), max_length=200, blank=True, editable=False
    )
    accord_association_le = models.DateTimeField(
        _("accord de l'association enregistré le"), null=True, blank=True, editable=False
    )
    # Derived from the two agreements on save: what the term arithmetic reads.
    decision = models.CharField(
        _("décision"),
        max_length=20,
        choices=Decision.choices,
        default=Decision.EN_ATTENTE,
        editable=False,
    )
    compte_rendu = models.TextField(_("compte rendu"), blank=True)
    compte_rendu_pdf = FichierProtegeField(
        _("compte rendu signé (PDF)"),
        upload_to=NomGenere("conventions/comites", "compte_rendu_pdf_type"),
        blank=True,
        validators=[valider_pdf],
    )
    compte_rendu_pdf_type = models.CharField(
        _("type du compte rendu"), max_length=50, blank=True, editable=False
    )
    annee_rapport = models.PositiveSmallIntegerField(
        _("année du rapport présenté"),
        null=True,
        blank=True,
        help_text=_("L'année du rapport d'activité présenté au comité."),
    )
    invitation_envoyee_le = models.DateTimeField(
        _("invitation envoyée le"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comité de suivi")
        verbose_name_plural = _("comités de suivi")
        ordering = ["convention", "date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annee_rapport__isnull=True)
                | models.Q(annee_rapport__gte=2000, annee_rapport__lte=2100),
                name="comite_annee_rapport_plausible",
            ),
            # Renewal needs both agreements; either refusal decides against it.
            models.CheckConstraint(
                condition=Q(
                    decision="reconduire", accord_ruche="accord", accord_association="accord"
                )
                | Q(decision="ne_pas_reconduire")
                & (Q(accord_ruche="refus") | Q(accord_association="refus"))
                | Q(decision="en_attente")
                & ~Q(accord_ruche="refus")
                & ~Q(accord_association="refus")
                & ~Q(accord_ruche="accord", accord_association="accord"),
                name="comite_decision_des_deux_accords",
            ),
        ]

    def __str__(self):
        return f"Comité de suivi du {date_longue(self.date)}"

    def save(self, *args, **kwargs):
        self.rapport_par_defaut()
        self.decision = self.decision_des_accords()
        noter_les_types(self, {"compte_rendu_pdf": "compte_rendu_pdf_type"})
        super().save(*args, **kwargs)

    def adresse_du_fichier(self, champ):
        return "partenariats:comite_compte_rendu_fichier", [self.convention_id, self.pk]

    def decision_des_accords(self):
        accords = {self.accord_ruche, self.accord_association}
        if self.Accord.REFUS in accords:
            return self.Decision.NE_PAS_RECONDUIRE
        if accords == {self.Accord.ACCORD}:
            return self.Decision.RECONDUIRE
        return self.Decision.EN_ATTENTE

    def rapport_par_defaut(self):
        """The report presented is, unless told otherwise, the one of the committee's year."""
        if self.annee_rapport is None and self.date is not None:
            self.annee_rapport = self.date.year

    @property
    def a_eu_lieu(self):
        """Held: its day has come and something of the meeting is recorded."""
        if self.date is None or self.date > timezone.localdate():
            return False
        return bool(
            self.participants.strip()
            or self.compte_rendu.strip()
            or self.compte_rendu_pdf
            or self.accord_ruche != self.Accord.EN_ATTENTE
            or self.accord_association != self.Accord.EN_ATTENTE
        )

    @property
    def est_a_venir(self):
        return self.date is not None and self.date >= timezone.localdate()

    def clean(self):
        self.rapport_par_defaut()
        self.decision = self.decision_des_accords()
        if self.convention_id is None or self.date is None:
            return
        probleme = hors_vigueur(self.convention, self.date, sauf=self)
        if probleme:
            raise ValidationError(
                {
                    "date": _(
                        "Un comité se tient pendant une période de la convention. %(probleme)s"
                    )
                    % {"probleme": probleme}
                }
            )
        termes = self.convention.termes(sauf=self)
        if not comites.dans_le_trimestre(termes, self.date):
            debut, fin = comites.trimestre(termes, self.date)
            raise ValidationError(
                {
                    "date": _(
                        "Le comité de suivi se tient au dernier trimestre de la période : "
                        "choisissez une date du %(debut)s au %(fin)s."
                    )
                    % {"debut": date_longue(debut), "fin": date_longue(fin)}
                }
            )
        accords = {self.accord_ruche, self.accord_association}
        if self.date > timezone.localdate() and accords != {self.Accord.EN_ATTENTE}:
            raise ValidationError(
                _("Ce comité n'a pas encore eu lieu : il ne peut pas avoir décidé.")
            )


class ComiteNonTenu(Evenement):
    """What staff record about a period whose committee was not held: until then the
    period stays flagged ("comité 2026 non tenu")."""

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="comites_non_tenus",
        verbose_name=_("convention"),
    )
    periode_fin = models.DateField(_("dernier jour de la période"))
    explication = models.TextField(
        _("ce qui s'est passé"),
        help_text=_("Par exemple : réunion reportée, bilan fait par courrier, accord tacite."),
    )
    enregistre_par = models.CharField(_("enregistré par"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comité non tenu")
        verbose_name_plural = _("comités non tenus")
        ordering = ["convention", "periode_fin"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "periode_fin"], name="comite_non_tenu_une_fois_par_periode"
            )
        ]

    def __str__(self):
        return f"Comité {self.periode_fin.year} non tenu"


class RappelComite(models.Model):
    """A reminder sent to staff because no committee was planned: each goes once."""

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.CASCADE,
        related_name="rappels_comite",
        verbose_name=_("convention"),
    )
    periode_fin = models.DateField(_("dernier jour de la période"))
    moment = models.CharField(
        _("rappel"),
        max_length=20,
        choices=[
            (comites.DEBUT_TRIMESTRE, _("Début du dernier trimestre")),
            (comites.DERNIER_MOIS, _("Début du dernier mois")),
        ],
    )
    envoye_le = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel de comité")
        verbose_name_plural = _("rappels de comité")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "periode_fin", "moment"], name="rappel_comite_une_fois"
            )
        ]

    def __str__(self):
        return f"Rappel {self.moment} ({self.periode_fin.year})"
