import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats.selecteurs.couverture import hors_partenariat
from permanences.models.constraints import ChevauchementInterdit
from permanences.models.reservation import TsTzRange
from permanences.textes_publics import MESSAGE_CONTACT
from ruche.perimetre import PerimetreQuerySet


def champ_langue():
    """The language the resident booked in: every later message to them is written in it."""
    return models.CharField(
        _("langue des messages"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("La langue de la page où la personne a réservé."),
    )


def generer_secret():
    """The secret of a resident's link: 32 URL-safe characters, impossible to guess."""
    return secrets.token_urlsafe(24)


def contact_obligatoire(name):
    """A phone or an email, until the data is anonymised (appointments, registrations)."""
    return models.CheckConstraint(
        condition=~Q(telephone="") | ~Q(email="") | Q(anonymise_le__isnull=False),
        name=name,
        violation_error_message=MESSAGE_CONTACT,
    )


def chevauchements_rendez_vous(rendez_vous):
    """Filter finding the active appointments of the same occurrence that overlap this one."""
    if not (rendez_vous.occurrence_id and rendez_vous.debut and rendez_vous.fin):
        return None
    return {
        "occurrence_id": rendez_vous.occurrence_id,
        "debut__lt": rendez_vous.fin,
        "fin__gt": rendez_vous.debut,
    }


# At module level so that Meta.constraints can name its members (a nested class cannot
# see the model's body); the model keeps it as `RendezVous.Statut`.
class StatutRendezVous(models.TextChoices):
    RESERVE = "reserve", _("Réservé")
    ANNULE_HABITANT = "annule_habitant", _("Annulé par la personne")
    ANNULE_ASSOCIATION = "annule_association", _("Annulé par l'association")
    VENU = "venu", _("Venu")
    ABSENT = "absent", _("Pas venu")


# The statuses that hold a slot: booked, or already held.
STATUTS_ACTIFS = (StatutRendezVous.RESERVE, StatutRendezVous.VENU, StatutRendezVous.ABSENT)


class RendezVousQuerySet(PerimetreQuerySet):
    chemin_organisation = "occurrence__permanence__organisation"
    # The place of its session's room (OccurrenceQuerySet.chemin_lieu).
    chemin_lieu = "occurrence__reservation__salle__lieu"

    def actifs(self):
        """Appointments that hold their slot (booked, or already held)."""
        return self.filter(statut__in=RendezVous.STATUTS_ACTIFS)

    def reserves(self):
        return self.filter(statut=RendezVous.Statut.RESERVE)

    def de_organisation(self, organisation):
        return self.filter(occurrence__permanence__organisation=organisation)


class RendezVous(models.Model):
    """One resident, one démarche, one time inside a permanence occurrence.

    Only what the appointment needs is kept: a name and a phone or an email. Never ask
    nationality or immigration status.
    """

    Statut = StatutRendezVous

    class Canal(models.TextChoices):
        EN_LIGNE = "en_ligne", _("En ligne")
        ORIENTE_RUCHE = "oriente_ruche", _("Orienté par la Ruche")
        TELEPHONE = "telephone", _("Par téléphone")
        SUR_PLACE = "sur_place", _("Sur place")

    STATUTS_ACTIFS = STATUTS_ACTIFS  # the module's, kept here as RendezVous.STATUTS_ACTIFS

    occurrence = models.ForeignKey(
        "permanences.Occurrence",
        verbose_name=_("permanence"),
        on_delete=models.PROTECT,
        related_name="rendez_vous",
    )
    demarche = models.ForeignKey(
        "permanences.Demarche",
        verbose_name=_("démarche"),
        on_delete=models.PROTECT,
        related_name="rendez_vous",
    )
    debut = models.DateTimeField(_("début"))
    fin = models.DateTimeField(_("fin"))
    nom = models.CharField(_("nom"), max_length=150)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.RESERVE
    )
    canal = models.CharField(
        _("pris"), max_length=20, choices=Canal.choices, default=Canal.EN_LIGNE
    )
    secret = models.CharField(
        _("code du lien"), max_length=64, unique=True, default=generer_secret, editable=False
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Visibles seulement par l'association qui reçoit.")
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pris par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    langue = champ_langue()
    cree_le = models.DateTimeField(_("pris le"), default=timezone.now, editable=False)
    consentement_le = models.DateTimeField(_("information acceptée le"), null=True, blank=True)
    anonymise_le = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    objects = RendezVousQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["debut"]
        indexes = [models.Index(fields=["debut"], name="rendez_vous_debut")]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=models.F("debut")), name="rendez_vous_fin_apres_debut"
            ),
            contact_obligatoire("rendez_vous_avec_contact"),
            # A slot is never given twice: the same start, or any overlap in the occurrence.
            models.UniqueConstraint(
                fields=["occurrence", "debut"],
                condition=Q(statut__in=STATUTS_ACTIFS),
                name="un_rendez_vous_par_creneau",
                violation_error_message=_("Ce créneau vient d'être pris."),
            ),
            ChevauchementInterdit(
                name="rendez_vous_sans_chevauchement",
                expressions=[
                    (TsTzRange("debut", "fin", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("occurrence", RangeOperators.EQUAL),
                ],
                condition=Q(statut__in=STATUTS_ACTIFS),
                overlap_filter=chevauchements_rendez_vous,
                message=_("Ce créneau vient d'être pris."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.debut)
        return f"{self.nom or _('(anonymisé)')} — {self.demarche} — {local:%d/%m/%Y %H:%M}"

    @property
    def est_actif(self):
        return self.statut in self.STATUTS_ACTIFS

    @property
    def est_anonymise(self):
        return self.anonymise_le is not None

    @property
    def limite_modification(self):
        """The last moment the resident may move or cancel it."""
        return self.debut - timedelta(hours=self.demarche.delai_modification_heures)

    def modifiable(self, maintenant=None):
        """The resident may still move or cancel it (or pick another slot if it was cancelled
        by the association)."""
        maintenant = maintenant or timezone.now()
        if self.est_anonymise:
            return False
        if self.statut == self.Statut.ANNULE_ASSOCIATION:
            return True
        return self.statut == self.Statut.RESERVE and maintenant <= self.limite_modification

    def clean(self):
        if not (self.telephone or self.email) and not self.est_anonymise:
            raise ValidationError({"telephone": MESSAGE_CONTACT})
        if self.statut == self.Statut.RESERVE and self.occurrence_id and self.debut:
            # Public slots and staff referrals alike: only while the convention is in force.
            organisation_id, lieu = self._organisation_et_lieu()
            message = hors_partenariat(organisation_id, self.debut, self.fin, lieu)
            if message:
                raise ValidationError(message, code="hors_convention")

    def _organisation_et_lieu(self):
        """(the organisation holding the session, its room's place): from the session, its
        permanence and room when they are loaded (a booking's service locked them), else
        one query."""
        champ = self._meta.get_field("occurrence")
        occurrence = champ.get_cached_value(self, default=None)
        if occurrence is not None and occurrence.pk == self.occurrence_id:
            permanence = occurrence._meta.get_field("permanence").get_cached_value(
                occurrence, default=None
            )
            if permanence is not None:
                salle = permanence._meta.get_field("salle").get_cached_value(
                    permanence, default=None
                )
                if salle is not None:
                    return permanence.organisation_id, salle.lieu_id
        return (
            champ.related_model.objects.filter(pk=self.occurrence_id)
            .values_list("permanence__organisation_id", "permanence__salle__lieu_id")
            .first()
        ) or (None, None)


class RappelQuerySet(PerimetreQuerySet):
    chemin_organisation = f"rendez_vous__{RendezVousQuerySet.chemin_organisation}"
    chemin_lieu = f"rendez_vous__{RendezVousQuerySet.chemin_lieu}"


class Rappel(models.Model):
    """One reminder of one appointment, claimed once: the unique row is the lock."""

    rendez_vous = models.ForeignKey(
        RendezVous, verbose_name=_("rendez-vous"), on_delete=models.CASCADE, related_name="rappels"
    )
    type = models.CharField(_("rappel"), max_length=20, help_text=_("Par exemple J-2@08:00."))
    envoye_le = models.DateTimeField(_("envoyé le"), default=timezone.now)

    objects = RappelQuerySet.as_manager()

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-envoye_le"]
        constraints = [
            models.UniqueConstraint(fields=["rendez_vous", "type"], name="un_rappel_par_type")
        ]

    def __str__(self):
        return f"{self.type} — {self.rendez_vous_id}"
