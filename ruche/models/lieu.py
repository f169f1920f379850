"""A place (`Lieu`): a France Services site or a digital-inclusion place, with its address,
its weekly opening hours, its closures and the organisation that runs it.

Rooms, closures, the visitor log, démarches, semester calendars and conventions belong to a
place. An install with one place looks as it did before places existed: the models' `lieu`
field defaults to that place (`lieu_par_defaut`), so nobody has to choose it.
"""

import re
from datetime import time
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ruche.adresses import mots_reserves
from ruche.models.organisation import Organisation
from ruche.perimetre import DuLieuQuerySet

valider_siret = RegexValidator(r"^\d{14}$", _("Un SIRET a 14 chiffres."))
valider_code_postal = RegexValidator(r"^\d{5}$", _("Un code postal a 5 chiffres."))
valider_code_insee = RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("Un code INSEE a 5 caractères."))

# Opening hours of the place created from the settings: the hours the rooms were looked for
# in before places existed (permanences.occurrences), Monday to Friday, 8:30 to 18:00.
HORAIRES_INITIAUX = [(jour, time(8, 30), time(18, 0)) for jour in range(5)]

_ADRESSE = re.compile(r"^(?P<avant>.*?),?\s*(?P<cp>\d{5})\s+(?P<commune>[^,]+)$")


def decouper_adresse(texte):
    """(street part, postcode, commune) of an address written on one line
    ("La Ruche numérique, 30200 Bagnols-sur-Cèze"); the whole text as street otherwise."""
    trouve = _ADRESSE.match((texte or "").strip())
    if trouve is None:
        return (texte or "").strip(), "", ""
    return trouve["avant"].strip(" ,"), trouve["cp"], trouve["commune"].strip()


def valider_slug_lieu(valeur):
    """A place's slug is the first word of its pages' addresses: it may not be one of the
    site's own words (rendez-vous, espace, admin…)."""
    if valeur.lower() in mots_reserves():
        raise ValidationError(
            _("« %(mot)s » sert déjà aux adresses du site. Choisissez une autre adresse courte."),
            code="slug_reserve",
            params={"mot": valeur},
        )


class LieuQuerySet(DuLieuQuerySet):
    chemin_lieu = "pk"

    def principal(self):
        """The oldest place: the one an install with a single place has."""
        return self.order_by("pk").first()

    def plusieurs(self):
        """True when there are several places (see `plusieurs_lieux`). One query."""
        return self.count() > 1

    def par_defaut(self):
        """The pk of the place things belong to when none is given (see `lieu_par_defaut`)."""
        return lieu_par_defaut()


class Lieu(models.Model):
    """A place where residents are received, run by one organisation (the commune…)."""

    nom = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("adresse courte"),
        unique=True,
        validators=[valider_slug_lieu],
        help_text=_("Utilisée dans les adresses des pages quand il y a plusieurs lieux."),
    )
    organisation = models.ForeignKey(
        "ruche.Organisation",
        verbose_name=_("organisation qui porte le lieu"),
        on_delete=models.PROTECT,
        null=True,
        related_name="lieux",
        help_text=_("Ses conventions avec les partenaires sont celles du lieu ; son logo aussi."),
    )
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    code_postal = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[valider_code_postal]
    )
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    code_insee = models.CharField(
        _("code INSEE de la commune"), max_length=5, blank=True, validators=[valider_code_insee]
    )
    telephone = models.CharField(_("téléphone de l'accueil"), max_length=30, blank=True)
    courriel = models.EmailField(_("courriel"), blank=True)
    site_web = models.URLField(_("site web"), blank=True)
    carte = models.URLField(
        _("lien vers un plan"),
        blank=True,
        help_text=_("Vide : une recherche de l'adresse sur OpenStreetMap."),
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[valider_siret])
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    presentation = models.TextField(
        _("présentation courte"), max_length=280, blank=True, help_text=_("280 signes au plus.")
    )
    date_maj = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = LieuQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^\d{14}$"), name="lieu_siret_14_chiffres"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="lieu_coordonnees_completes",
                violation_error_message=_("Donnez la latitude et la longitude, ou aucune."),
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def logo(self):
        """The place shows its operating organisation's logo: one file to keep, not two."""
        return self.organisation.logo if self.organisation_id else None

    @property
    def adresse_complete(self):
        """Where residents come, on one line, the place's name first (as in confirmations)."""
        ville = f"{self.code_postal} {self.commune}".strip()
        return ", ".join(partie for partie in (self.nom, self.adresse, ville) if partie)

    @property
    def lien_carte(self):
        return self.carte or "https://www.openstreetmap.org/search?query=" + quote(
            self.adresse_complete
        )

    @property
    def telephone_lien(self):
        return "".join(c for c in self.telephone if c.isdigit() or c == "+")


class HoraireOuverture(models.Model):
    """One span of a weekday when the place is open; a day may have several (morning,
    afternoon). Closures (`Fermeture`) are the exceptions."""

    class Jour(models.IntegerChoices):
        LUNDI = 0, _("lundi")
        MARDI = 1, _("mardi")
        MERCREDI = 2, _("mercredi")
        JEUDI = 3, _("jeudi")
        VENDREDI = 4, _("vendredi")
        SAMEDI = 5, _("samedi")
        DIMANCHE = 6, _("dimanche")

    lieu = models.ForeignKey(
        Lieu, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="horaires"
    )
    jour = models.PositiveSmallIntegerField(_("jour"), choices=Jour.choices)
    debut = models.TimeField(_("ouverture"))
    fin = models.TimeField(_("fermeture"))

    objects = DuLieuQuerySet.as_manager()

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["lieu", "jour", "debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("debut")),
                name="horaire_fin_apres_debut",
                violation_error_message=_("La fermeture doit suivre l'ouverture."),
            ),
            models.CheckConstraint(condition=Q(jour__lte=6), name="horaire_jour_de_semaine"),
            models.UniqueConstraint(
                fields=["lieu", "jour", "debut"], name="horaire_un_debut_par_jour"
            ),
        ]

    def __str__(self):
        return f"{self.get_jour_display()} {self.debut:%H:%M}–{self.fin:%H:%M}"

    def clean(self):
        if self.debut and self.fin and self.lieu_id and self.jour is not None:
            chevauchants = HoraireOuverture.objects.filter(
                lieu_id=self.lieu_id, jour=self.jour, debut__lt=self.fin, fin__gt=self.debut
            ).exclude(pk=self.pk)
            if chevauchants.exists():
                raise ValidationError(_("Cet horaire chevauche un autre horaire du même jour."))


def creer_lieu_initial(lieu_model=Lieu, horaire_model=HoraireOuverture, organisation=None):
    """The first place, from the settings of an install of before places existed."""
    avant, code_postal, commune = decouper_adresse(settings.RUCHE_ADRESSE)
    nom = "La Ruche numérique"
    # The setting often starts with the place's name, which the place already holds.
    if avant.lower().startswith(nom.lower()):
        avant = avant[len(nom) :].strip(" ,")
    lieu = lieu_model.objects.create(
        nom=nom,
        slug=slugify(nom),
        organisation=organisation,
        adresse=avant,
        code_postal=code_postal,
        commune=commune,
        telephone=settings.RUCHE_TELEPHONE,
        carte=settings.RUCHE_CARTE_URL,
    )
    horaire_model.objects.bulk_create(
        horaire_model(lieu=lieu, jour=jour, debut=debut, fin=fin)
        for jour, debut, fin in HORAIRES_INITIAUX
    )
    return lieu


def lieu_par_defaut():
    """The place a new room, closure, visit… belongs to when none is given: the oldest place,
    created from the settings if the install has none yet (a fresh database)."""
    pk = Lieu.objects.order_by("pk").values_list("pk", flat=True).first()
    if pk is None:
        ruche = Organisation.objects.filter(est_la_ruche=True).order_by("pk").first()
        pk = creer_lieu_initial(organisation=ruche).pk
    return pk


def plusieurs_lieux():
    """True when the install has several places: public addresses then start with the
    place's slug, and pages name the place they speak of. One query."""
    return Lieu.objects.plusieurs()


def lieu_principal():
    """The place of an install with one place (the oldest one when there are several)."""
    return Lieu.objects.prefetch_related("horaires").get(pk=lieu_par_defaut())


@receiver(post_save, sender=Organisation)
def porter_les_lieux_sans_organisation(sender, instance, **kwargs):
    """The organisation marked as running the Ruche runs the places that had none yet (a
    fresh install gets its place before its organisations)."""
    if instance.est_la_ruche:
        Lieu.objects.filter(organisation__isnull=True).update(organisation=instance)


def champ_lieu(related_name):
    """The `lieu` foreign key of what a place owns; it defaults to the only place."""
    return models.ForeignKey(
        "ruche.Lieu",
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        default=lieu_par_defaut,
        related_name=related_name,
    )


class FermetureQuerySet(DuLieuQuerySet):
    def touchant(self, start, end):
        """Closures that overlap the dates [start, end]."""
        return self.filter(debut__lte=end, fin__gte=start)


class Fermeture(models.Model):
    """A day or a range of days when a place is closed: every room of it is blocked. Closures
    are the exceptions to the place's weekly opening hours (`HoraireOuverture`); the model
    keeps the table it had in permanences (an existing database keeps its rows)."""

    lieu = champ_lieu("fermetures")
    debut = models.DateField(_("premier jour"))
    fin = models.DateField(_("dernier jour"))
    motif = models.CharField(_("motif"), max_length=200)

    objects = FermetureQuerySet.as_manager()
    history = HistoricalRecords(table_name="permanences_historicalfermeture")

    class Meta:
        db_table = "permanences_fermeture"
        verbose_name = _("fermeture de la Ruche")
        verbose_name_plural = _("fermetures de la Ruche")
        ordering = ["debut"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fin__gte=models.F("debut")),
                name="fermeture_fin_apres_debut",
                violation_error_message=_("Le dernier jour doit être après le premier jour."),
            )
        ]

    def __str__(self):
        if self.debut == self.fin:
            return f"{self.motif} ({self.debut:%d/%m/%Y})"
        return f"{self.motif} ({self.debut:%d/%m/%Y} → {self.fin:%d/%m/%Y})"
