"""Anti-abuse state shared by every web process, kept in the database (no extra server)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Compteur(models.Model):
    """How many times a key (an address, a contact, an account) acted in one fixed window.

    One row per key and window start: a new window is a new row, so a post never pushes
    the end of the current window further.
    """

    cle = models.CharField(_("clé"), max_length=200)
    debut = models.DateTimeField(_("début de la fenêtre"))
    fin = models.DateTimeField(_("fin de la fenêtre"), db_index=True)
    nombre = models.PositiveIntegerField(_("nombre"), default=0)

    class Meta:
        verbose_name = _("compteur anti-abus")
        verbose_name_plural = _("compteurs anti-abus")
        constraints = [
            models.UniqueConstraint(fields=["cle", "debut"], name="compteur_unique_par_fenetre")
        ]

    def __str__(self):
        return f"{self.cle} : {self.nombre}"


class JetonUtilise(models.Model):
    """A public form's signed token, once posted: the same token is refused afterwards."""

    empreinte = models.CharField(_("empreinte"), max_length=64, unique=True)
    utilise_le = models.DateTimeField(_("utilisé le"), db_index=True)

    class Meta:
        verbose_name = _("jeton de formulaire utilisé")
        verbose_name_plural = _("jetons de formulaire utilisés")

    def __str__(self):
        return self.empreinte
