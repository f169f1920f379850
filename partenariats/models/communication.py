"""Communication (Article 5): every document needs the visa of each partner."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.fichiers import FichierProtegeField, NomGenere, noter_les_types
from ruche.perimetre import DuLieuQuerySet, par_le_lieu_de
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, REPRESENTANT, a_le_role
from ruche.validators import valider_document


class DocumentQuerySet(DuLieuQuerySet):
    chemin_lieu = "convention__lieu"

    def visibles_par(self, utilisateur):
        """Staff and the committee see the documents of their places; a volunteer those of
        the conventions their organisation is party to; anyone else none."""
        if a_le_role(utilisateur, PERSONNEL, COMITE):
            return self.des_lieux_de(utilisateur)
        organisation_id = getattr(utilisateur, "organisation_id", None)
        if organisation_id is None or not a_le_role(utilisateur, BENEVOLE, REPRESENTANT):
            return self.none()
        return self.filter(convention__parties__organisation_id=organisation_id).distinct()


class DocumentCommunication(models.Model):
    class Nature(models.TextChoices):
        FLYER = "flyer", _("Flyer")
        AFFICHE = "affiche", _("Affiche")
        COMMUNIQUE = "communique", _("Communiqué de presse")
        DOSSIER = "dossier", _("Dossier de presse")
        PUBLICATION = "publication", _("Publication")
        AUDIOVISUEL = "audiovisuel", _("Document audiovisuel")
        AUTRE = "autre", _("Autre")

    convention = models.ForeignKey(
        "partenariats.Convention",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("convention"),
    )
    titre = models.CharField(_("titre"), max_length=200)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    fichier = FichierProtegeField(
        _("fichier (PDF, PNG ou JPEG)"),
        upload_to=NomGenere("conventions/communication", "fichier_type"),
        validators=[valider_document],
    )
    fichier_type = models.CharField(_("type du fichier"), max_length=50, blank=True, editable=False)
    depose_le = models.DateTimeField(_("déposé le"), auto_now_add=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    publie_le = models.DateField(_("publié le"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document de communication")
        verbose_name_plural = _("documents de communication")
        ordering = ["convention", "-depose_le"]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        noter_les_types(self, {"fichier": "fichier_type"})
        super().save(*args, **kwargs)

    def adresse_du_fichier(self, champ):
        return "partenariats:document_fichier", [self.convention_id, self.pk]

    def visas_manquants(self):
        """The parties whose visa is still missing (from prefetched visas and parties)."""
        visees = {visa.partie_id for visa in self.visas.all()}
        return [p for p in self.convention.parties.all() if p.pk not in visees]

    @property
    def publiable(self):
        return self.publie_le is None and not self.visas_manquants()


def peut_viser(utilisateur, partie):
    """A partner's visa is given by one of its own, through the site: staff for the Ruche,
    a representative of the association (its Présidente, whoever she designates) for the
    association (ConventionPartie.agit_pour)."""
    return partie.agit_pour(utilisateur)


class Visa(models.Model):
    """The approval of one partner for one communication document."""

    document = models.ForeignKey(
        DocumentCommunication,
        on_delete=models.CASCADE,
        related_name="visas",
        verbose_name=_("document"),
    )
    partie = models.ForeignKey(
        "partenariats.ConventionPartie",
        on_delete=models.PROTECT,
        related_name="visas",
        verbose_name=_("partenaire"),
    )
    vise_par = models.CharField(_("visé par"), max_length=200)
    vise_le = models.DateField(_("visé le"))
    # The account that gave it: a member of that partner (staff for the Ruche).
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte"),
    )

    history = HistoricalRecords()
    objects = par_le_lieu_de("document__convention__lieu").as_manager()

    class Meta:
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        ordering = ["document", "partie__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["document", "partie"], name="visa_un_par_partenaire")
        ]

    def __str__(self):
        return f"Visa de {self.vise_par}"

    def donne_par_un_des_siens(self):
        return self.utilisateur is not None and peut_viser(self.utilisateur, self.partie)

    def clean(self):
        erreurs = {}
        if (
            self.document_id
            and self.partie_id
            and self.partie.convention_id != self.document.convention_id
        ):
            erreurs["partie"] = _("Ce partenaire n'est pas partie à cette convention.")
        if self.vise_le and self.vise_le > timezone.localdate():
            erreurs["vise_le"] = _("Un visa ne peut pas être daté dans le futur.")
        if "partie" not in erreurs and self.partie_id and not self.donne_par_un_des_siens():
            erreurs["partie"] = _(
                "Le visa d'un partenaire se donne sur le site, par l'un des siens."
            )
        if erreurs:
            raise ValidationError(erreurs)
