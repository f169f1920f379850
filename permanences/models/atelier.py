from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats.selecteurs.couverture import hors_partenariat
from permanences.models.rendezvous import champ_langue, contact_obligatoire, generer_secret
from ruche.langues import colonnes_traduites
from ruche.perimetre import PerimetreQuerySet

# Translated per language by django-modeltranslation (permanences/translation.py).
CHAMPS_TRADUITS = ("titre", "description")


class AtelierQuerySet(PerimetreQuerySet):
    chemin_lieu = "salle__lieu"

    def a_venir(self, maintenant=None):
        """Workshops to come that still have their room (the end of a partnership frees it)."""
        return self.filter(debut__gt=maintenant or timezone.now(), reservation__annulee=False)

    def avec_places(self):
        """Annotates `nb_inscrits` and `nb_en_attente`, counted in the database."""
        return self.annotate(
            nb_inscrits=Count(
                "inscriptions", filter=Q(inscriptions__statut__in=Inscription.STATUTS_PLACE)
            ),
            nb_en_attente=Count(
                "inscriptions", filter=Q(inscriptions__statut=Inscription.Statut.EN_ATTENTE)
            ),
        )


class Atelier(models.Model):
    """A collective workshop for autonomy with digital tools, in a room of the Ruche."""

    class Public(models.TextChoices):
        SENIORS = "seniors", _("Seniors")
        DEMANDEURS_EMPLOI = "demandeurs_emploi", _("Personnes qui cherchent un emploi")
        TOUS = "tous", _("Tout le monde")

    titre = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description en mots simples"), blank=True)
    public = models.CharField(_("pour qui"), max_length=20, choices=Public.choices)
    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisé par"),
        on_delete=models.PROTECT,
        related_name="ateliers",
    )
    salle = models.ForeignKey(
        "permanences.Salle", verbose_name=_("salle"), on_delete=models.PROTECT, related_name="+"
    )
    debut = models.DateTimeField(_("début"))
    fin = models.DateTimeField(_("fin"))
    reservation = models.OneToOneField(
        "permanences.ReservationSalle",
        verbose_name=_("réservation de salle"),
        on_delete=models.PROTECT,
        related_name="atelier",
        editable=False,
    )
    capacite = models.PositiveSmallIntegerField(_("nombre de places"))

    objects = AtelierQuerySet.as_manager()
    # The history keeps the French text, as the démarches' does.
    history = HistoricalRecords(excluded_fields=colonnes_traduites(CHAMPS_TRADUITS))

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["debut"]
        # The network's statistics, the open data and the partners' exports read the
        # workshops of a period across every room: by their start, not room by room.
        indexes = [models.Index(fields=["debut"], name="atelier_debut")]
        constraints = [
            models.CheckConstraint(condition=Q(capacite__gte=1), name="atelier_au_moins_une_place"),
            models.CheckConstraint(
                condition=Q(fin__gt=models.F("debut")), name="atelier_fin_apres_debut"
            ),
        ]

    def __str__(self):
        return f"{self.titre} ({timezone.localtime(self.debut):%d/%m/%Y %H:%M})"

    @property
    def places_libres(self):
        """Free places; needs `avec_places()`."""
        return max(self.capacite - self.nb_inscrits, 0)

    def clean(self):
        if self.salle_id and self.capacite and self.capacite > self.salle.capacite:
            raise ValidationError(
                {
                    "capacite": _("La salle %(salle)s a %(n)s places au plus.")
                    % {"salle": self.salle, "n": self.salle.capacite}
                }
            )
        if self.organisation_id and self.debut:
            lieu = self.salle.lieu_id if self.salle_id else None
            message = hors_partenariat(self.organisation_id, self.debut, self.fin, lieu)
            if message:
                raise ValidationError({"debut": ValidationError(message, code="hors_convention")})


class InscriptionQuerySet(PerimetreQuerySet):
    # A registration belongs to the organisation that runs the workshop.
    chemin_organisation = "atelier__organisation"
    chemin_lieu = "atelier__salle__lieu"

    def avec_rang(self):
        """Annotates `rang` (see Inscription.rang) in the list's own query. Counted over the
        whole waiting list, not over the rows this queryset keeps (a search, a filter)."""
        devant = (
            self.model.objects.filter(
                atelier=OuterRef("atelier"),
                statut=StatutInscription.EN_ATTENTE,
                position__lte=OuterRef("position"),
            )
            .order_by()
            .values("atelier")
            .annotate(nombre=Count("pk"))
            .values("nombre")
        )
        # Whoever is not waiting has no position: nothing compares to it, the rank is NULL.
        return self.annotate(rang=Subquery(devant, output_field=models.IntegerField()))


# At module level so that Meta.constraints can name its members (a nested class cannot
# see the model's body); the model keeps it as `Inscription.Statut`.
class StatutInscription(models.TextChoices):
    INSCRIT = "inscrit", _("Inscrit")
    EN_ATTENTE = "en_attente", _("Sur la liste d'attente")
    ANNULE = "annule", _("Annulé")
    PRESENT = "present", _("Présent")
    ABSENT = "absent", _("Absent")


class Inscription(models.Model):
    """A resident's registration to a workshop, or their place on its waiting list."""

    Statut = StatutInscription

    STATUTS_PLACE = (Statut.INSCRIT, Statut.PRESENT, Statut.ABSENT)

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.PROTECT, related_name="inscriptions"
    )
    nom = models.CharField(_("nom"), max_length=150)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.INSCRIT
    )
    position = models.PositiveIntegerField(_("rang sur la liste d'attente"), null=True, blank=True)
    secret = models.CharField(
        _("code du lien"), max_length=64, unique=True, default=generer_secret, editable=False
    )
    langue = champ_langue()
    cree_le = models.DateTimeField(_("inscrit le"), default=timezone.now, editable=False)
    consentement_le = models.DateTimeField(_("information acceptée le"), null=True, blank=True)
    anonymise_le = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    objects = InscriptionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription à un atelier")
        verbose_name_plural = _("inscriptions aux ateliers")
        ordering = ["atelier", "statut", "position", "cree_le"]
        constraints = [
            contact_obligatoire("inscription_avec_contact"),
            models.CheckConstraint(
                condition=Q(statut=StatutInscription.EN_ATTENTE, position__isnull=False)
                | (~Q(statut=StatutInscription.EN_ATTENTE) & Q(position__isnull=True)),
                name="inscription_rang_si_en_attente",
            ),
            models.UniqueConstraint(
                fields=["atelier", "position"],
                condition=Q(statut=StatutInscription.EN_ATTENTE),
                name="un_rang_par_liste_attente",
            ),
        ]

    def __str__(self):
        return f"{self.nom or _('(anonymisé)')} — {self.atelier}"

    @property
    def est_anonymise(self):
        return self.anonymise_le is not None

    @cached_property
    def rang(self):
        """The place on the waiting list now: counted among those still waiting, as the
        stored position only orders the list and keeps the gaps left by those who went.
        InscriptionQuerySet.avec_rang() gives it to a whole list without a query each."""
        if self.statut != self.Statut.EN_ATTENTE or self.position is None:
            return None
        return Inscription.objects.filter(
            atelier_id=self.atelier_id,
            statut=self.Statut.EN_ATTENTE,
            position__lte=self.position,
        ).count()

    def clean(self):
        if self.statut in (self.Statut.INSCRIT, self.Statut.EN_ATTENTE) and self.atelier_id:
            atelier = self.atelier
            message = hors_partenariat(
                atelier.organisation_id, atelier.debut, atelier.fin, atelier.salle.lieu_id
            )
            if message:
                raise ValidationError(message, code="hors_convention")

    @property
    def annulable(self):
        return (
            self.statut in (self.Statut.INSCRIT, self.Statut.EN_ATTENTE)
            and self.atelier.debut > timezone.now()
        )
