from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.fichiers import FichierProtegeField, NomGenere, noter_les_types
from ruche.perimetre import SansLieuQuerySet
from ruche.validators import valider_logo

CLE_LOGOS_ENTETE = "logos:entete"  # the organisations on the page header (partenariats.logos)


class OrganisationQuerySet(SansLieuQuerySet):
    # What names an organisation at a place: a convention there, running it, its visits.
    LIENS = {
        "conventions": "convention__lieu__in",
        "lieux": "pk__in",
        "passages": "lieu__in",
    }

    def liees_aux_lieux(self, lieux):
        """The condition of an organisation named at one of the places `lieux`."""
        condition = models.Q()
        for relation, chemin in self.LIENS.items():
            condition |= models.Q(self.nomme_par(relation, **{chemin: lieux}))
        return condition

    def du_lieu(self, lieux):
        """Named at one of the places, or at none yet: an organisation just typed in is
        anyone's to take into a convention."""
        nulle_part = models.Q()
        for relation in self.LIENS:
            nulle_part &= ~models.Q(self.nomme_par(relation))
        return self.liees_aux_lieux(lieux) | nulle_part


class Organisation(models.Model):
    """A party to a convention: the commune (La Ruche numérique) or a partner association.
    Places are run by organisations and accounts belong to one: it lives on the ground floor,
    with the table it had in partenariats (an existing database keeps its rows)."""

    class Nature(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        ASSOCIATION = "association", _("Association")
        INSTITUTION = "institution", _("Institution")
        AUTRE = "autre", _("Autre")

    nom = models.CharField(_("nom"), max_length=200, unique=True)
    sigle = models.CharField(_("sigle"), max_length=50, blank=True)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    adresse = models.TextField(_("adresse du siège"), blank=True)
    logo = FichierProtegeField(
        _("logo (PNG, JPEG ou SVG)"),
        upload_to=NomGenere("logos", "logo_type"),
        blank=True,
        validators=[valider_logo],
    )
    logo_type = models.CharField(_("type du logo"), max_length=50, blank=True, editable=False)
    representant_nom = models.CharField(_("représentée par"), max_length=200, blank=True)
    representant_qualite = models.CharField(
        _("agissant en qualité de"), max_length=100, blank=True, help_text=_("Présidente, Maire…")
    )
    est_la_ruche = models.BooleanField(
        _("porte un lieu"),
        default=False,
        help_text=_(
            "Cochée pour la commune ou l'intercommunalité qui porte un lieu (la Ruche "
            "numérique…). Plusieurs organisations peuvent chacune porter leurs lieux."
        ),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(table_name="partenariats_historicalorganisation")

    class Meta:
        db_table = "partenariats_organisation"
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.sigle})" if self.sigle else self.nom

    def save(self, *args, **kwargs):
        noter_les_types(self, {"logo": "logo_type"})
        super().save(*args, **kwargs)
        # The page header shows the new logo at once.
        cache.delete(CLE_LOGOS_ENTETE)

    def adresse_du_fichier(self, champ):
        return "partenariats:logo", [self.pk]
