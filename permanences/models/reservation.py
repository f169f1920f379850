from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats.selecteurs.couverture import hors_partenariat
from permanences.models.constraints import ChevauchementInterdit
from permanences.models.salle import PRISE, message_salle
from ruche.perimetre import PerimetreQuerySet


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def chevauchements_salle(reservation):
    """Filter finding the active bookings of the same room that overlap this one."""
    if not (reservation.salle_id and reservation.debut and reservation.fin):
        return None
    return {
        "salle_id": reservation.salle_id,
        "debut__lt": reservation.fin,
        "fin__gt": reservation.debut,
    }


class ReservationSalleQuerySet(PerimetreQuerySet):
    chemin_lieu = "salle__lieu"

    def actives(self):
        return self.filter(annulee=False)


class ReservationSalle(models.Model):
    """A room taken for a time: a permanence, an extra permanence, a workshop.

    Every use of a room goes through this one table, so one constraint keeps a room from
    being booked twice for overlapping times.
    """

    class Objet(models.TextChoices):
        PERMANENCE = "permanence", _("Permanence")
        ATELIER = "atelier", _("Atelier")
        AUTRE = "autre", _("Autre")

    salle = models.ForeignKey(
        "permanences.Salle",
        verbose_name=_("salle"),
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("pour"),
        on_delete=models.PROTECT,
        related_name="reservations_salle",
    )
    debut = models.DateTimeField(_("début"))
    fin = models.DateTimeField(_("fin"))
    objet = models.CharField(_("objet"), max_length=20, choices=Objet.choices)
    annulee = models.BooleanField(_("annulée"), default=False)
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réservée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    creee_le = models.DateTimeField(_("réservée le"), auto_now_add=True)

    objects = ReservationSalleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réservation de salle")
        verbose_name_plural = _("réservations de salle")
        ordering = ["debut"]
        indexes = [
            models.Index(fields=["salle", "debut"], name="reservation_salle_debut"),
            models.Index(fields=["organisation", "debut"], name="reservation_organisation_debut"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=models.F("debut")),
                name="reservation_fin_apres_debut",
                violation_error_message=_("L'heure de fin doit être après l'heure de début."),
            ),
            ChevauchementInterdit(
                name="reservation_salle_sans_chevauchement",
                expressions=[
                    (TsTzRange("debut", "fin", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("salle", RangeOperators.EQUAL),
                ],
                condition=Q(annulee=False),
                overlap_filter=chevauchements_salle,
                message=message_salle(PRISE),
            ),
        ]

    def __str__(self):
        return f"{self.salle} — {self.debut:%d/%m/%Y %H:%M}"

    def clean(self):
        # The term of the convention rules every use of a room (Articles 1, 3, 6).
        if not self.annulee and self.organisation_id:
            message = hors_partenariat(
                self.organisation_id,
                self.debut,
                self.fin,
                self.salle.lieu_id if self.salle_id else None,
            )
            if message:
                raise ValidationError({"debut": ValidationError(message, code="hors_convention")})
