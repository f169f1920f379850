"""What the national activity report of the digital-mediation network (the conseillers
numériques' "compte rendu d'activité" of La Coop de la médiation numérique) asks of each
accompaniment, kept beside the visit it details.

Every field is optional: the day board's one tap records the visit, the details are added
after, when there is time. The person is never named: an age band, a gender only if the
person gave it, a commune. The values are the network's own (`code` columns of the export,
docs/reseau.md), the labels are ours.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TypeMediation(models.TextChoices):
    INDIVIDUEL = "individuel", _("Accompagnement individuel")
    COLLECTIF = "collectif", _("Atelier collectif")
    PONCTUEL = "ponctuel", _("Question rapide")


class ThematiqueMediation(models.TextChoices):
    DIAGNOSTIC = "diagnostic_numerique", _("Diagnostic numérique")
    MATERIEL = "prendre_en_main_du_materiel", _("Prendre en main son matériel")
    MAINTENANCE = "maintenance_de_materiel", _("Entretenir son matériel")
    CONTENUS = "gere_ses_contenus_numeriques", _("Ranger ses fichiers et contenus")
    INTERNET = "navigation_sur_internet", _("Naviguer sur internet")
    EMAIL = "email", _("Courriel")
    BUREAUTIQUE = "bureautique", _("Bureautique")
    RESEAUX_SOCIAUX = "reseaux_sociaux", _("Réseaux sociaux, communiquer")
    SANTE = "sante", _("Santé en ligne")
    BANQUE = "banque_et_achats_en_ligne", _("Banque et achats en ligne")
    ENTREPRENEURIAT = "entrepreneuriat", _("Accompagner un professionnel")
    INSERTION = "insertion_professionnelle", _("Insertion professionnelle")
    SECURITE = "securite_numerique", _("Sécurité numérique")
    PARENTALITE = "parentalite", _("Parentalité")
    SCOLARITE = "scolarite_et_numerique", _("Scolarité et numérique")
    CREER = "creer_avec_le_numerique", _("Créer avec le numérique")
    CULTURE = "culture_numerique", _("Culture numérique")
    IA = "intelligence_artificielle", _("Intelligence artificielle")


class Autonomie(models.TextChoices):
    ACCOMPAGNE = "entierement_accompagne", _("A eu besoin d'être guidé tout du long")
    PARTIELLEMENT = "partiellement_autonome", _("Autonome avec de l'aide au besoin")
    AUTONOME = "autonome", _("Autonome")


class Materiel(models.TextChoices):
    ORDINATEUR = "ordinateur", _("Ordinateur")
    TELEPHONE = "telephone", _("Téléphone")
    TABLETTE = "tablette", _("Tablette")
    AUTRE = "autre", _("Autre matériel")
    AUCUN = "aucun", _("Pas de matériel")


class Suite(models.TextChoices):
    """What comes next for the person."""

    TERMINE = "termine", _("Rien : c'est réglé")
    REVIENT = "revient", _("La personne revient (suivi)")
    ORIENTE = "oriente", _("Orientée vers une autre structure")


class StructureRedirection(models.TextChoices):
    OPERATEUR = (
        "operateur_ou_organisme_en_charge",
        _("L'opérateur ou l'organisme chargé de la démarche"),
    )
    AIDE_DEMARCHES = (
        "aide_aux_demarches_administratives",
        _("Une structure d'aide aux démarches (France Services…)"),
    )
    ADMINISTRATION = "administration", _("Une administration (mairie, préfecture…)")
    MEDIATION = "mediation_numerique", _("Une structure de médiation numérique")
    AUTRE = "autre", _("Autre structure")


class TrancheAgeMediation(models.TextChoices):
    MOINS_12 = "moins_de_douze", _("Moins de 12 ans")
    DE_12_A_17 = "douze_dix_huit", _("12 à 17 ans")
    DE_18_A_24 = "dix_huit_vingt_quatre", _("18 à 24 ans")
    DE_25_A_39 = "vingt_cinq_trente_neuf", _("25 à 39 ans")
    DE_40_A_59 = "quarante_cinquante_neuf", _("40 à 59 ans")
    DE_60_A_69 = "soixante_soixante_neuf", _("60 à 69 ans")
    PLUS_70 = "soixante_dix_plus", _("70 ans et plus")


class Genre(models.TextChoices):
    FEMININ = "feminin", _("Femme")
    MASCULIN = "masculin", _("Homme")


def _verifier_liste(valeurs, choix):
    if not isinstance(valeurs, list) or any(v not in choix.values for v in valeurs):
        raise ValidationError(_("Choisissez dans la liste."), code="invalid_choice")


def valider_thematiques(valeurs):
    _verifier_liste(valeurs, ThematiqueMediation)


def valider_materiel(valeurs):
    _verifier_liste(valeurs, Materiel)


class DetailsMediation(models.Model):
    """The mediation network's fields of one visit (all optional, added after)."""

    passage = models.OneToOneField(
        "ruche.Passage",
        verbose_name=_("passage"),
        on_delete=models.CASCADE,
        related_name="mediation",
    )
    type = models.CharField(
        _("type d'accompagnement"),
        max_length=20,
        choices=TypeMediation.choices,
        blank=True,
        default="",
    )
    duree_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    thematiques = models.JSONField(
        _("thématiques"), default=list, blank=True, validators=[valider_thematiques]
    )
    autonomie = models.CharField(
        _("autonomie de la personne"),
        max_length=30,
        choices=Autonomie.choices,
        blank=True,
        default="",
    )
    materiel = models.JSONField(
        _("matériel utilisé"), default=list, blank=True, validators=[valider_materiel]
    )
    suite = models.CharField(
        _("suite"), max_length=20, choices=Suite.choices, blank=True, default=""
    )
    structure_redirection = models.CharField(
        _("orientée vers"),
        max_length=40,
        choices=StructureRedirection.choices,
        blank=True,
        default="",
    )
    tranche_age = models.CharField(
        _("tranche d'âge"),
        max_length=30,
        choices=TrancheAgeMediation.choices,
        blank=True,
        default="",
    )
    genre = models.CharField(
        _("genre (si la personne l'a dit)"),
        max_length=10,
        choices=Genre.choices,
        blank=True,
        default="",
    )
    commune = models.CharField(_("commune de résidence"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("détails de médiation numérique")
        verbose_name_plural = _("détails de médiation numérique")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(structure_redirection="") | models.Q(suite="oriente"),
                name="mediation_redirection_si_oriente",
                violation_error_message=_("« Orientée vers » ne va qu'avec une orientation."),
            ),
            models.CheckConstraint(
                condition=models.Q(duree_minutes__isnull=True)
                | models.Q(duree_minutes__gte=1, duree_minutes__lte=600),
                name="mediation_duree_raisonnable",
                violation_error_message=_("Une durée va de 1 à 600 minutes."),
            ),
        ]

    def __str__(self):
        return f"{self.passage} — {self.get_type_display() or '…'}"

    def clean(self):
        if self.structure_redirection and self.suite != Suite.ORIENTE:
            raise ValidationError(
                {"structure_redirection": _("« Orientée vers » ne va qu'avec une orientation.")}
            )
