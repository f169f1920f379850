"""Text messages handed to the provider: what each cost, and what became of it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.perimetre import SansLieuQuerySet


def masquer_numero(numero):
    """`+33•••78`: enough for the staff to recognise a number, not to copy it."""
    chiffres = "".join(c for c in numero if c.isdigit() or c == "+")
    return f"{chiffres[:3]}•••{chiffres[-2:]}" if len(chiffres) > 5 else "•••"


class SmsQuerySet(SansLieuQuerySet):
    def du_lieu(self, lieux):
        """A message sent for one of the places `lieux`; those sent for no place (or before
        messages recorded one) are for those who see every place."""
        return models.Q(lieu__in=lieux)

    def du_mois(self, jour):
        """The messages sent in the month of `jour` (a date), Paris time."""
        return self.filter(envoye_le__year=jour.year, envoye_le__month=jour.month)


class Sms(models.Model):
    """One text message the provider took (ruche.sms): its cost in segments, and the
    delivery report the provider sends back (ruche.services.sms). Neither its text nor the
    full number is kept: the task row holds them for resending, and is purged."""

    class Statut(models.TextChoices):
        ENVOYE = "envoye", _("confié au fournisseur")
        DISTRIBUE = "distribue", _("reçu par le téléphone")
        ECHOUE = "echoue", _("pas reçu")

    envoye_le = models.DateTimeField(_("envoyé le"), default=timezone.now, db_index=True)
    numero = models.CharField(_("numéro"), max_length=20, help_text=_("Masqué."))
    reference = models.CharField(
        _("référence du fournisseur"), max_length=100, unique=True, null=True, blank=True
    )
    # The task row that sent it (django-tasks-db), to show and resend it if it fails.
    tache = models.CharField(_("tâche"), max_length=64, blank=True, editable=False)
    caracteres = models.PositiveSmallIntegerField(_("caractères"))
    encodage = models.CharField(_("encodage"), max_length=5)
    segments = models.PositiveSmallIntegerField(_("segments"))
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.ENVOYE
    )
    statut_le = models.DateTimeField(_("état reçu le"), null=True, blank=True)
    # The place it was sent for (its staff see it, and its cost); empty for older messages.
    lieu = models.ForeignKey(
        "ruche.Lieu",
        verbose_name=_("lieu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erreur = models.CharField(_("erreur du fournisseur"), max_length=200, blank=True)

    objects = SmsQuerySet.as_manager()

    class Meta:
        verbose_name = _("SMS envoyé")
        verbose_name_plural = _("SMS envoyés")
        ordering = ["-envoye_le"]

    def __str__(self):
        return f"{self.numero} — {timezone.localtime(self.envoye_le):%d/%m/%Y %H:%M}"
