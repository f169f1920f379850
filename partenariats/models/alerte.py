"""A convention's alerts, in the model layer: the sentences its pages and the staff's day
board show (`AlertesConvention`, a part of `Convention`), how far ahead its end is announced
(`horizon_fin`), and the warnings of its end already mailed (`AlerteFinEnvoyee`).

Which conventions end soon is read by partenariats.selecteurs.alertes; the mail is sent by
partenariats.services.alertes; the day board gets them from partenariats.alertes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partenariats import comites
from ruche.formats import date_longue


def horizon_fin():
    """How many days ahead of its last day a convention's end is announced: the largest
    warning threshold (settings.ALERTES_FIN_JOURS)."""
    return max(settings.ALERTES_FIN_JOURS, default=0)


def _manquement(etat):
    return _("Manquement notifié : la convention sera caduque le %(date)s.") % {
        "date": date_longue(etat.caduque_le)
    }


class AlertesConvention:
    """What needs attention on a convention on a day, for the Ruche's staff and for the
    partner (the methods of `Convention`, which reads its state and committees)."""

    def alertes(self, jour=None):
        """Short French sentences for what needs attention on the day."""
        etat = self.etat(jour)
        alertes = []
        annees = [comites.annee_du_comite(p) for p in self.periodes_sans_comite(jour)]
        if len(annees) == 1:
            alertes.append(
                _("Comité %(annee)s non tenu : notez ce qui s'est passé.") % {"annee": annees[0]}
            )
        elif annees:
            # One line for every missed committee of the convention: the page lists each.
            alertes.append(
                _(
                    "%(nombre)s comités non tenus, de %(premier)s à %(dernier)s : "
                    "notez ce qui s'est passé."
                )
                % {"nombre": len(annees), "premier": annees[0], "dernier": annees[-1]}
            )
        if etat.alerte_comite:
            alertes.append(
                _("Comité de suivi pas encore tenu : il doit se réunir avant le %(date)s.")
                % {"date": date_longue(etat.comite_avant)}
            )
        if etat.manquement_en_cours:
            alertes.append(_manquement(etat))
        elif (
            etat.en_vigueur
            and etat.fin_le is not None
            and (etat.fin_le - etat.jour).days <= horizon_fin()
        ):
            alertes.append(
                _(
                    "La convention s'applique jusqu'au %(date)s : confirmez la fin, la page "
                    "montre ce qui sera annulé."
                )
                % {"date": date_longue(etat.fin_le)}
            )
        if not self.est_signee:
            alertes.append(_("Convention pas encore signée par toutes les parties."))
        if not self.scan_signe:
            alertes.append(_("Le scan de l'original signé manque."))
        return alertes

    def alertes_partenaire(self, jour=None):
        """What needs the partner's attention on the day, in its words: the staff's own
        to-dos (scan, unheld committees to explain, the end to confirm) are not its own."""
        etat = self.etat(jour)
        alertes = []
        for comite in self.comites.all():
            if (
                comite.date <= etat.jour
                and comite.accord_association == comite.Accord.EN_ATTENTE
                and etat.periode is not None
                and etat.periode.contient(comite.date)
            ):
                alertes.append(
                    _(
                        "Comité du %(date)s : la réponse de l'association sur la "
                        "reconduction est attendue."
                    )
                    % {"date": date_longue(comite.date)}
                )
        if etat.alerte_comite:
            alertes.append(
                _("Le comité de suivi doit se réunir avant le %(date)s.")
                % {"date": date_longue(etat.comite_avant)}
            )
        if etat.manquement_en_cours:
            alertes.append(_manquement(etat))
        elif etat.en_vigueur and etat.fin_le is not None:
            alertes.append(
                _("La convention s'applique jusqu'au %(date)s.")
                % {"date": date_longue(etat.fin_le)}
            )
        return alertes


class AlerteFinEnvoyee(models.Model):
    """The warnings of a convention's end already sent: each threshold once per end date."""

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.CASCADE,
        related_name="alertes_fin",
        verbose_name=_("convention"),
    )
    dernier_jour = models.DateField(_("dernier jour annoncé"))
    seuil = models.PositiveSmallIntegerField(_("jours avant la fin"))
    envoyee_le = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("alerte de fin envoyée")
        verbose_name_plural = _("alertes de fin envoyées")
        ordering = ["-envoyee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "dernier_jour", "seuil"], name="alerte_fin_une_fois"
            )
        ]

    def __str__(self):
        return f"{self.convention_id} — {self.dernier_jour} — J-{self.seuil}"
