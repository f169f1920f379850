from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats.selecteurs.couverture import hors_partenariat
from permanences.models.rendezvous import RendezVous
from ruche.models.lieu import champ_lieu
from ruche.perimetre import PerimetreQuerySet


class CalendrierQuerySet(PerimetreQuerySet):
    def a_valider(self):
        return self.filter(statut=Calendrier.Statut.SOUMIS)


# At module level so that Meta.constraints can name its members (a nested class cannot
# see the model's body); the model keeps it as `Calendrier.Statut`.
class StatutCalendrier(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMIS = "soumis", _("Envoyé à la Ruche")
    RENVOYE = "renvoye", _("Renvoyé pour correction")
    VALIDE = "valide", _("Validé par la Ruche")


class StatutOccurrence(models.TextChoices):
    PREVUE = "prevue", _("Prévue")
    ANNULEE = "annulee", _("Non maintenue")


class Calendrier(models.Model):
    """A partner's semester calendar of permanences, drafted by it, validated by the Ruche.

    brouillon → soumis → validé, or renvoyé (with the Ruche's comment) → soumis again.
    Every change is kept in its history (who, when, which state).
    """

    class Semestre(models.IntegerChoices):
        PREMIER = 1, _("1er semestre (janvier à juin)")
        SECOND = 2, _("2d semestre (juillet à décembre)")

    Statut = StatutCalendrier

    # The association may change it only in these states.
    STATUTS_MODIFIABLES = (Statut.BROUILLON, Statut.RENVOYE)

    lieu = champ_lieu("calendriers")
    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="calendriers",
    )
    annee = models.PositiveSmallIntegerField(_("année"))
    semestre = models.PositiveSmallIntegerField(_("semestre"), choices=Semestre.choices)
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.BROUILLON
    )
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    valide_le = models.DateTimeField(_("validé le"), null=True, blank=True)
    soumis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    soumis_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    commentaire_ruche = models.TextField(
        _("commentaire de la Ruche"),
        blank=True,
        help_text=_("Ce qu'il faut changer quand la Ruche renvoie le calendrier."),
    )

    objects = CalendrierQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendrier semestriel")
        verbose_name_plural = _("calendriers semestriels")
        ordering = ["-annee", "-semestre"]
        constraints = [
            models.UniqueConstraint(
                fields=["lieu", "organisation", "annee", "semestre"],
                name="un_calendrier_par_semestre_et_lieu",
                violation_error_message=_("Ce semestre a déjà un calendrier."),
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutCalendrier.values),
                name="calendrier_statut_connu",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutCalendrier.RENVOYE) | ~Q(commentaire_ruche=""),
                name="calendrier_renvoye_avec_commentaire",
                violation_error_message=_("Dites ce qu'il faut changer."),
            ),
        ]

    def __str__(self):
        nom = self.organisation.sigle or self.organisation.nom
        return f"{nom} — {self.get_semestre_display()} {self.annee}"

    @property
    def date_debut(self):
        return date(self.annee, 1 if self.semestre == 1 else 7, 1)

    @property
    def date_fin(self):
        return date(self.annee, 6, 30) if self.semestre == 1 else date(self.annee, 12, 31)

    @property
    def est_modifiable(self):
        return self.statut in self.STATUTS_MODIFIABLES


class PermanenceQuerySet(PerimetreQuerySet):
    chemin_lieu = "salle__lieu"


class Permanence(models.Model):
    """A permanence: weekly within a semester calendar, or one extra date on demand."""

    class Accueil(models.TextChoices):
        RENDEZ_VOUS = "rendez_vous", _("Sur rendez-vous")
        LIBRE = "libre", _("Sans rendez-vous")
        LES_DEUX = "les_deux", _("Avec ou sans rendez-vous")

    class JourSemaine(models.IntegerChoices):
        LUNDI = 0, _("lundi")
        MARDI = 1, _("mardi")
        MERCREDI = 2, _("mercredi")
        JEUDI = 3, _("jeudi")
        VENDREDI = 4, _("vendredi")
        SAMEDI = 5, _("samedi")
        DIMANCHE = 6, _("dimanche")

    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="permanences",
    )
    calendrier = models.ForeignKey(
        Calendrier,
        verbose_name=_("calendrier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="permanences",
        help_text=_("Vide pour une permanence en plus, à une seule date."),
    )
    jour_semaine = models.PositiveSmallIntegerField(
        _("jour"), choices=JourSemaine.choices, null=True, blank=True
    )
    date = models.DateField(_("date (permanence en plus)"), null=True, blank=True)
    heure_debut = models.TimeField(_("début"))
    heure_fin = models.TimeField(_("fin"))
    salle = models.ForeignKey(
        "permanences.Salle",
        verbose_name=_("salle"),
        on_delete=models.PROTECT,
        related_name="permanences",
    )
    intervenants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intervenants"),
        blank=True,
        related_name="permanences",
    )
    demarches = models.ManyToManyField(
        "permanences.Demarche", verbose_name=_("démarches"), blank=True, related_name="permanences"
    )
    accueil = models.CharField(
        _("accueil"), max_length=20, choices=Accueil.choices, default=Accueil.LES_DEUX
    )

    objects = PermanenceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[demarches])

    class Meta:
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        ordering = ["jour_semaine", "date", "heure_debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(heure_fin__gt=models.F("heure_debut")),
                name="permanence_fin_apres_debut",
                violation_error_message=_("L'heure de fin doit être après l'heure de début."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(calendrier__isnull=False, jour_semaine__isnull=False, date__isnull=True)
                    | Q(calendrier__isnull=True, jour_semaine__isnull=True, date__isnull=False)
                ),
                name="permanence_hebdomadaire_ou_ponctuelle",
                violation_error_message=_(
                    "Une permanence a soit un jour de la semaine dans un calendrier, "
                    "soit une seule date."
                ),
            ),
        ]

    def __str__(self):
        quand = self.get_jour_semaine_display() if self.date is None else f"{self.date:%d/%m/%Y}"
        return f"{quand} {self.heure_debut:%H:%M}–{self.heure_fin:%H:%M}, {self.salle}"

    @property
    def est_ponctuelle(self):
        return self.date is not None

    def clean(self):
        if (
            self.calendrier_id
            and self.organisation_id
            and self.calendrier.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"calendrier": _("Ce calendrier est celui d'une autre organisation.")}
            )
        if self.calendrier_id and self.salle_id and self.salle.lieu_id != self.calendrier.lieu_id:
            raise ValidationError({"salle": _("Cette salle est celle d'un autre lieu.")})
        if self.date and self.organisation_id:
            lieu = self.salle.lieu_id if self.salle_id else None
            message = hors_partenariat(self.organisation_id, self.date, lieu=lieu)
            if message:
                raise ValidationError({"date": ValidationError(message, code="hors_convention")})


class DateSauteeQuerySet(PerimetreQuerySet):
    chemin_organisation = "permanence__organisation"
    chemin_lieu = f"permanence__{PermanenceQuerySet.chemin_lieu}"

    def par_permanence(self, permanences):
        """{permanence pk: frozenset of its skipped dates} for those pks, in one query."""
        dates = {}
        for permanence_id, jour in self.filter(permanence_id__in=permanences).values_list(
            "permanence_id", "date"
        ):
            dates.setdefault(permanence_id, set()).add(jour)
        return {pk: frozenset(jours) for pk, jours in dates.items()}


class DateSautee(models.Model):
    """A date a weekly permanence skips: no session that day (its room is taken, the
    volunteers are away), while every other week of the semester stands."""

    permanence = models.ForeignKey(
        Permanence,
        verbose_name=_("permanence"),
        on_delete=models.CASCADE,
        related_name="dates_sautees",
    )
    date = models.DateField(_("date sans permanence"))

    objects = DateSauteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("date sans permanence")
        verbose_name_plural = _("dates sans permanence")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["permanence", "date"],
                name="une_date_sautee_par_permanence_et_jour",
                violation_error_message=_("Cette date est déjà sans permanence."),
            ),
        ]

    def __str__(self):
        return f"{self.permanence} — {self.date:%d/%m/%Y}"

    def clean(self):
        permanence = self.permanence if self.permanence_id else None
        if permanence is None or self.date is None or permanence.calendrier_id is None:
            return
        calendrier = permanence.calendrier
        if not calendrier.date_debut <= self.date <= calendrier.date_fin:
            raise ValidationError(
                {"date": _("Choisissez une date de ce semestre.")}, code="hors_semestre"
            )
        if self.date.weekday() != permanence.jour_semaine:
            raise ValidationError(
                {
                    "date": _("Cette permanence a lieu le %(jour)s : choisissez un %(jour)s.")
                    % {"jour": permanence.get_jour_semaine_display()}
                },
                code="jour",
            )


class OccurrenceQuerySet(PerimetreQuerySet):
    chemin_organisation = "permanence__organisation"
    # The place of a session is its room's: an extra permanence has no calendar.
    chemin_lieu = "reservation__salle__lieu"

    def maintenues(self):
        return self.filter(statut=Occurrence.Statut.PREVUE)

    def entre(self, start, end):
        """Occurrences that start in [start, end)."""
        return self.filter(debut__gte=start, debut__lt=end)

    def avec_rendez_vous(self):
        """Annotates `a_des_rendez_vous`: True when any appointment (even cancelled) points here."""
        rendez_vous = RendezVous.objects.filter(occurrence=models.OuterRef("pk"))
        return self.annotate(a_des_rendez_vous=models.Exists(rendez_vous))

    def avec_liste_rendez_vous(self):
        """Prefetches each occurrence's appointments (with their démarche) in one query."""
        return self.prefetch_related(
            models.Prefetch(
                "rendez_vous",
                queryset=RendezVous.objects.select_related("demarche").order_by("debut"),
            )
        )


class Occurrence(models.Model):
    """One dated occurrence of a permanence; cancelling it keeps it, marked cancelled.

    Users call it a "séance de permanence" (the interface, messages and mails say so); the
    code says occurrence everywhere: names, URLs, the API (`/api/v1/occurrences`) and the
    webhook event `occurrence.annulee`.
    """

    Statut = StatutOccurrence

    permanence = models.ForeignKey(
        Permanence,
        verbose_name=_("permanence"),
        on_delete=models.PROTECT,
        related_name="occurrences",
    )
    date = models.DateField(_("date"))
    debut = models.DateTimeField(_("début"))
    fin = models.DateTimeField(_("fin"))
    reservation = models.OneToOneField(
        "permanences.ReservationSalle",
        verbose_name=_("réservation de salle"),
        on_delete=models.PROTECT,
        related_name="occurrence",
    )
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.PREVUE
    )
    motif_annulation = models.TextField(_("pourquoi elle n'est pas maintenue"), blank=True)
    annulee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    annulee_le = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("séance de permanence")
        verbose_name_plural = _("séances de permanence")
        ordering = ["debut"]
        indexes = [models.Index(fields=["debut"], name="occurrence_debut")]
        constraints = [
            models.UniqueConstraint(
                fields=["permanence", "date"], name="une_occurrence_par_permanence_et_jour"
            ),
            models.CheckConstraint(
                condition=Q(fin__gt=models.F("debut")), name="occurrence_fin_apres_debut"
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutOccurrence.PREVUE) | ~Q(motif_annulation=""),
                name="occurrence_annulee_avec_motif",
                violation_error_message=_("Dites pourquoi la permanence n'est pas maintenue."),
            ),
        ]

    def __str__(self):
        return f"{self.permanence} — {self.date:%d/%m/%Y}"

    @property
    def est_annulee(self):
        return self.statut == self.Statut.ANNULEE

    @property
    def organisation(self):
        return self.permanence.organisation

    @property
    def salle(self):
        """The room it really takes (its own booking: kept when the permanence moves)."""
        return self.reservation.salle

    def marquer_annulee(self, *, motif, par, quand):
        """Marks it "non maintenue" and frees its room; the caller saves both."""
        self.statut = self.Statut.ANNULEE
        self.motif_annulation = motif
        self.annulee_par = par
        self.annulee_le = quand
        self.reservation.annulee = True
