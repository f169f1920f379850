"""Webhooks: a partner's subscription, its signing secrets, the events and their deliveries.

A delivery row is the truth: it is written in the transaction of the change it tells of, and
stays "à envoyer" until the endpoint answers 2xx or every attempt has failed. The task queue
only triggers the sending; a trigger lost (a worker killed, a process stopped between the
commit and the queue) is made again by `manage.py relancer_webhooks`.
"""

import uuid
from datetime import UTC

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.models.titulaire import Titulaire
from passerelles.validators import valider_url_webhook
from ruche.evenements import TYPES


def types_choisis():
    return sorted(TYPES)


class AbonnementQuerySet(models.QuerySet):
    def actifs(self):
        """Not switched off by the staff (a paused one still records what it must receive)."""
        return self.filter(actif=True)


class Abonnement(Titulaire):
    """An HTTPS endpoint of a partner that receives some events, signed."""

    nom = models.CharField(_("nom"), max_length=100)
    url = models.URLField(
        _("adresse qui reçoit"),
        max_length=500,
        validators=[valider_url_webhook],
        help_text=_("Une adresse https:// du partenaire, joignable sur internet."),
    )
    evenements = models.JSONField(
        _("événements"),
        default=types_choisis,
        help_text=_("Les types d'événements envoyés."),
    )
    actif = models.BooleanField(
        _("actif"), default=True, help_text=_("Décochez pour ne plus rien enregistrer pour lui.")
    )
    en_pause_depuis = models.DateTimeField(
        _("en pause depuis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Mis en pause après des échecs répétés : rien n'est perdu, tout attend."),
    )
    echecs_consecutifs = models.PositiveIntegerField(
        _("échecs de suite"), default=0, editable=False
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement aux webhooks")
        verbose_name_plural = _("abonnements aux webhooks")
        ordering = ["nom"]
        constraints = [Titulaire.contrainte("abonnement_un_titulaire")]

    def __str__(self):
        return self.nom

    @property
    def en_pause(self):
        return self.en_pause_depuis is not None

    def secrets_valides(self, maintenant=None):
        maintenant = maintenant or timezone.now()
        return [
            s.secret
            for s in sorted(self.secrets.all(), key=lambda s: s.cree_le, reverse=True)
            if s.expire_le is None or s.expire_le > maintenant
        ]


class SecretAbonnement(models.Model):
    """A signing secret. Rotating adds a new one and gives the old one an end: until then
    every delivery carries both signatures, so the partner can switch when it likes."""

    abonnement = models.ForeignKey(
        Abonnement, verbose_name=_("abonnement"), on_delete=models.CASCADE, related_name="secrets"
    )
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    expire_le = models.DateTimeField(_("valable jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("secret de signature")
        verbose_name_plural = _("secrets de signature")
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.secret[:10]}…"


class Evenement(models.Model):
    """Something that happened, as partners read it: no personal data."""

    uid = models.UUIDField(_("identifiant"), default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=50, choices=sorted(TYPES.items()))
    survenu_le = models.DateTimeField(_("survenu le"), default=timezone.now)
    donnees = models.JSONField(_("données"), default=dict)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-survenu_le", "-pk"]

    def __str__(self):
        return f"{self.type} — {timezone.localtime(self.survenu_le):%d/%m/%Y %H:%M:%S}"

    def corps(self):
        """The JSON body every subscriber receives (Standard Webhooks' type/timestamp/data)."""
        return {
            "type": self.type,
            "timestamp": self.survenu_le.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "data": self.donnees,
        }


class Livraison(models.Model):
    """One event for one subscription: its attempts, its state, its next try."""

    class Statut(models.TextChoices):
        A_ENVOYER = "a_envoyer", _("À envoyer")
        REUSSIE = "reussie", _("Reçue")
        ECHOUEE = "echouee", _("Échouée")

    uid = models.UUIDField(_("identifiant"), default=uuid.uuid4, unique=True, editable=False)
    evenement = models.ForeignKey(
        Evenement, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="livraisons"
    )
    abonnement = models.ForeignKey(
        Abonnement,
        verbose_name=_("abonnement"),
        on_delete=models.CASCADE,
        related_name="livraisons",
    )
    statut = models.CharField(
        _("état"), max_length=20, choices=Statut.choices, default=Statut.A_ENVOYER
    )
    tentatives = models.PositiveIntegerField(_("tentatives"), default=0)
    prochain_essai = models.DateTimeField(_("prochain essai"), default=timezone.now, null=True)
    derniere_tentative = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    dernier_code = models.PositiveIntegerField(_("dernière réponse HTTP"), null=True, blank=True)
    derniere_erreur = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    recue_le = models.DateTimeField(_("reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("livraison de webhook")
        verbose_name_plural = _("livraisons de webhooks")
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["prochain_essai"],
                condition=Q(statut="a_envoyer"),
                name="livraison_a_envoyer",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["evenement", "abonnement"], name="une_livraison_par_abonnement"
            )
        ]

    def __str__(self):
        return f"{self.evenement.type} → {self.abonnement}"

    @property
    def identifiant(self):
        """The `webhook-id` header: the same at every attempt, so a receiver can dedup."""
        return f"msg_{self.uid.hex}"
