"""The convention as it is written: parties, recitals, objectives, means, articles."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partenariats import comites, terme
from partenariats.models.alerte import AlertesConvention
from ruche.fichiers import FichierProtegeField, NomGenere, noter_les_types
from ruche.formats import date_longue
from ruche.models.lieu import champ_lieu
from ruche.perimetre import DuLieuQuerySet, lieux_visibles, par_le_lieu_de
from ruche.roles import (
    COMITE,
    COORDINATION,
    PERSONNEL,
    a_le_role,
    est_comite,
    est_personnel,
    est_representant,
)
from ruche.validators import valider_pdf


class ConventionQuerySet(DuLieuQuerySet):
    def visibles_par(self, utilisateur):
        """Who reads which convention, written once: staff, the committee and the network
        coordination the conventions of the places they see; a representative of a partner
        (its Présidente, whoever she designates) the conventions their organisation is a
        party to. Anyone else none: another partner's convention is a 404."""
        filtre = Q(pk__in=[])
        if a_le_role(utilisateur, PERSONNEL, COMITE, COORDINATION):
            lieux = lieux_visibles(utilisateur)
            if lieux is None:
                return self.all()
            filtre |= Q(lieu__in=lieux)
        if est_representant(utilisateur):
            filtre |= Q(
                pk__in=ConventionPartie.objects.filter(
                    organisation_id=utilisateur.organisation_id
                ).values("convention_id")
            )
        return self.filter(filtre)

    def avec_vie(self):
        """Everything the term arithmetic and the alerts read, in a fixed number of queries."""
        return self.select_related("resiliation").prefetch_related(
            "comites",
            "comites_non_tenus",
            "manquements",
            "avenants",
            models.Prefetch(
                "parties",
                queryset=ConventionPartie.objects.select_related("organisation", "signature"),
            ),
        )

    def en_vigueur(self, jour=None):
        """Conventions in force on the day (today by default)."""
        jour = jour or timezone.localdate()
        candidates = self.filter(debut__lte=jour).avec_vie()
        return self.filter(pk__in=[c.pk for c in candidates if c.etat(jour).en_vigueur])


class Convention(AlertesConvention, models.Model):
    """A partnership convention between the Ville (La Ruche numérique) and a partner."""

    titre = models.CharField(_("titre"), max_length=200)
    # The place whose operating organisation signs with the partner; a partner may hold
    # conventions with several places.
    lieu = champ_lieu("conventions")
    lieu_signature = models.CharField(
        _("lieu de signature"), max_length=100, default="Bagnols-sur-Cèze"
    )
    date_signature = models.DateField(
        _("date de signature"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si le document signé ne porte pas de date complète."),
    )
    nombre_originaux = models.PositiveSmallIntegerField(
        _("nombre d'exemplaires originaux"), default=2
    )
    debut = models.DateField(_("début"))
    premiere_fin = models.DateField(_("fin de la première période"))
    mois_reconduction = models.PositiveSmallIntegerField(
        _("durée de chaque reconduction (mois)"), default=12
    )
    reconduction_tacite = models.BooleanField(_("reconduction tacite"), default=True)
    chapeau_objectifs = models.TextField(
        _("phrase avant les objectifs"),
        blank=True,
        help_text=_("Par exemple : « Dans ce contexte, un partenariat … semble opportun pour : »"),
    )
    chapeau_moyens = models.TextField(_("phrase avant les moyens"), blank=True)
    scan_signe = FichierProtegeField(
        _("original signé (scan PDF)"),
        upload_to=NomGenere("conventions/originaux", "scan_signe_type"),
        blank=True,
        validators=[valider_pdf],
    )
    scan_signe_type = models.CharField(_("type du scan"), max_length=50, blank=True, editable=False)
    scan_sha256 = models.CharField(_("empreinte SHA-256 du scan"), max_length=64, blank=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    fin_appliquee = models.DateField(
        _("fin appliquée"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Le premier jour hors vigueur, une fois la fin confirmée par l'accueil."),
    )

    history = HistoricalRecords()
    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-debut", "titre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(premiere_fin__gt=F("debut")),
                name="convention_fin_apres_debut",
                violation_error_message=_("La fin de la première période doit suivre son début."),
            ),
            models.CheckConstraint(
                condition=Q(nombre_originaux__gte=1),
                name="convention_au_moins_un_original",
            ),
            models.CheckConstraint(
                condition=Q(mois_reconduction__gte=1),
                name="convention_reconduction_au_moins_un_mois",
            ),
            models.CheckConstraint(
                condition=Q(scan_signe="") | Q(scan_sha256__regex=r"^[0-9a-f]{64}$"),
                name="convention_scan_avec_empreinte",
            ),
        ]

    def __str__(self):
        return f"{self.titre} ({self.debut:%Y})"

    def save(self, *args, **kwargs):
        self._empreinte()
        noter_les_types(self, {"scan_signe": "scan_signe_type"})
        super().save(*args, **kwargs)

    def adresse_du_fichier(self, champ):
        return "partenariats:scan_fichier", [self.pk]

    def _empreinte(self):
        """A newly uploaded scan gets its fingerprint before it is checked and stored."""
        if self.scan_signe and not self.scan_signe._committed:
            digest = hashlib.sha256()
            for chunk in self.scan_signe.chunks():
                digest.update(chunk)
            self.scan_sha256 = digest.hexdigest()
        elif not self.scan_signe:
            self.scan_sha256 = ""

    def clean(self):
        self._empreinte()
        if self.debut and self.premiere_fin and self.premiere_fin <= self.debut:
            raise ValidationError(
                {
                    "premiere_fin": _(
                        "La fin de la première période doit être après le début (%(debut)s)."
                    )
                    % {"debut": date_longue(self.debut)}
                }
            )

    # --- term arithmetic, from the prefetched events ------------------------------------

    def termes(self, *, sauf=None):
        """The input of the pure term module; `sauf` leaves out an event being edited."""

        def garder(objet):
            return sauf is None or objet.pk is None or objet != sauf

        resiliation = getattr(self, "resiliation", None)
        if resiliation is not None and not garder(resiliation):
            resiliation = None
        return terme.Termes(
            debut=self.debut,
            premiere_fin=self.premiere_fin,
            mois_reconduction=self.mois_reconduction,
            reconduction_tacite=self.reconduction_tacite,
            comites=tuple(
                terme.Comite(c.date, c.decision) for c in self.comites.all() if garder(c)
            ),
            manquements=tuple(m.notification() for m in self.manquements.all() if garder(m)),
            resiliee_le=resiliation.date if resiliation else None,
            changements=tuple(
                changement
                for a in self.avenants.all()
                if garder(a) and (changement := a.changement_terme()) is not None
            ),
        )

    def etat(self, jour=None):
        jour = jour or timezone.localdate()
        cache = getattr(self, "_etats", {})
        if jour not in cache:
            cache[jour] = terme.etat(self.termes(), jour)
            self._etats = cache
        return cache[jour]

    def periodes_sans_comite(self, jour=None):
        """The periods over whose committee was not held and not explained (prefetched)."""
        jour = jour or timezone.localdate()
        return comites.periodes_sans_comite(
            self.termes(),
            tenus=[c.date for c in self.comites.all() if c.a_eu_lieu],
            expliquees={n.periode_fin for n in self.comites_non_tenus.all()},
            jour=jour,
        )

    def comites_non_tenus_signales(self, jour=None):
        """ "Comité 2026 non tenu" for each period flagged, oldest first."""
        return [
            _("Comité %(annee)s non tenu") % {"annee": comites.annee_du_comite(p)}
            for p in self.periodes_sans_comite(jour)
        ]

    @property
    def est_signee(self):
        parties = self.parties.all()
        return bool(parties) and all(_signature(p) is not None for p in parties)

    # --- consolidated text ---------------------------------------------------------------

    def _textes(self):
        articles = [
            terme.TexteArticle(a.numero, a.titre, a.texte_complet()) for a in self.articles.all()
        ]
        modifications = [a.modification() for a in self.avenants.all()]
        return articles, modifications

    def articles_en_vigueur(self, jour=None):
        """The articles in force on the day; `None` gives the text as signed."""
        return terme.articles_en_vigueur(*self._textes(), jour)

    def changements(self):
        return terme.changements(*self._textes())

    def texte_moyens(self):
        """The means as a "- " list, details indented under their point."""
        return "\n".join(("  - " if m.niveau == 2 else "- ") + m.texte for m in self.moyens.all())


def partie_de(utilisateur, convention):
    """The party of the convention the person speaks for (prefetched parties), or None."""
    return next((p for p in convention.parties.all() if p.agit_pour(utilisateur)), None)


def nom_de(utilisateur):
    """How the minutes, visas and letters name the person who acted."""
    return utilisateur.get_full_name() or utilisateur.get_username()


def _signature(partie):
    try:
        return partie.signature
    except Signature.DoesNotExist:
        return None


class ConventionPartie(models.Model):
    """A party to a convention, with its role and the way the text names it."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="parties", verbose_name=_("convention")
    )
    organisation = models.ForeignKey(
        "ruche.Organisation",
        on_delete=models.PROTECT,
        related_name="conventions",
        verbose_name=_("organisation"),
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=1)
    role = models.CharField(
        _("rôle"), max_length=100, help_text=_("Association partenaire, commune porteuse…")
    )
    designation = models.CharField(
        _("nom dans le texte"),
        max_length=200,
        help_text=_("Comme les articles la nomment, par exemple « L'association A.V.A.Q.B-C »."),
    )
    comparution = models.TextField(
        _("présentation de la partie"),
        help_text=_("Le paragraphe après « ENTRE » ou « ET », avec son représentant."),
    )

    history = HistoricalRecords()
    objects = par_le_lieu_de("convention__lieu").as_manager()

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["convention", "ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"], name="partie_une_fois_par_convention"
            ),
            models.UniqueConstraint(fields=["convention", "ordre"], name="partie_ordre_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.role}"

    def agit_pour(self, utilisateur):
        """Who speaks for this party, written once: for the Ruche its staff (and the members
        of the follow-up committee from its own organisation); for a partner its
        representatives (its Présidente and whoever she designates), never the Ruche's
        staff. Their agreement at the committee, their visa, their notice of a failure."""
        if self.organisation.est_la_ruche:
            return est_personnel(utilisateur) or (
                est_comite(utilisateur) and utilisateur.organisation_id == self.organisation_id
            )
        return est_representant(utilisateur) and utilisateur.organisation_id == self.organisation_id

    @property
    def nom_court(self):
        return self.organisation.sigle or self.organisation.nom


class Signature(models.Model):
    """Who signed for a party, in which quality, and when."""

    partie = models.OneToOneField(
        ConventionPartie,
        on_delete=models.CASCADE,
        related_name="signature",
        verbose_name=_("partie"),
    )
    pour = models.CharField(
        _("mention"),
        max_length=200,
        help_text=_("Par exemple « Pour la Ville de Bagnols-sur-Cèze »"),
    )
    civilite = models.CharField(_("civilité"), max_length=20, blank=True)
    signataire_nom = models.CharField(_("signataire"), max_length=200)
    signataire_qualite = models.CharField(_("qualité"), max_length=100)
    signee_le = models.DateField(_("signée le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = par_le_lieu_de("partie__convention__lieu").as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.signataire}, {self.signataire_qualite}"

    @property
    def signataire(self):
        return f"{self.civilite} {self.signataire_nom}".strip()


class ElementOrdonne(models.Model):
    """A numbered paragraph of the convention (recital, objective, means)."""

    ordre = models.PositiveSmallIntegerField(_("ordre"))
    texte = models.TextField(_("texte"))

    history = HistoricalRecords(inherit=True)
    objects = par_le_lieu_de("convention__lieu").as_manager()

    class Meta:
        abstract = True
        ordering = ["convention", "ordre"]

    def __str__(self):
        return f"{self.ordre}. {self.texte[:60]}"


def _ordre_unique(nom):
    return [models.UniqueConstraint(fields=["convention", "ordre"], name=f"{nom}_ordre_unique")]


class Considerant(ElementOrdonne):
    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="considerants",
        verbose_name=_("convention"),
    )

    class Meta(ElementOrdonne.Meta):
        verbose_name = _("considérant")
        verbose_name_plural = _("considérants")
        constraints = _ordre_unique("considerant")


class Objectif(ElementOrdonne):
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="objectifs", verbose_name=_("convention")
    )

    class Meta(ElementOrdonne.Meta):
        verbose_name = _("objectif du partenariat")
        verbose_name_plural = _("objectifs du partenariat")
        constraints = _ordre_unique("objectif")


class Moyen(ElementOrdonne):
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="moyens", verbose_name=_("convention")
    )
    niveau = models.PositiveSmallIntegerField(
        _("niveau"), default=1, help_text=_("2 pour un point détaillé sous le point précédent.")
    )

    class Meta(ElementOrdonne.Meta):
        verbose_name = _("moyen du partenariat")
        verbose_name_plural = _("moyens du partenariat")
        constraints = [
            *_ordre_unique("moyen"),
            models.CheckConstraint(condition=Q(niveau__in=[1, 2]), name="moyen_niveau_1_ou_2"),
        ]


class Article(models.Model):
    """A numbered article of the convention as signed. Amendments never edit it."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="articles", verbose_name=_("convention")
    )
    numero = models.PositiveSmallIntegerField(_("numéro"), validators=[MinValueValidator(1)])
    titre = models.CharField(_("titre"), max_length=200)
    texte = models.TextField(
        _("texte"),
        blank=True,
        help_text=_(
            "Un paragraphe par bloc séparé d'une ligne vide ; « - » en début de ligne pour une "
            "liste ; [[logos]] pour les deux logos. Les engagements des parties s'ajoutent après."
        ),
    )

    history = HistoricalRecords()
    objects = par_le_lieu_de("convention__lieu").as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["convention", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "numero"], name="article_numero_unique"),
            models.CheckConstraint(condition=Q(numero__gte=1), name="article_numero_positif"),
        ]

    def __str__(self):
        return f"Article {self.numero} : {self.titre}"

    def texte_complet(self):
        """The text, followed by each party's commitments (Article 2) when it has some."""
        blocs = [self.texte.strip()] if self.texte.strip() else []
        par_partie = {}
        for engagement in self.engagements.all():
            par_partie.setdefault(engagement.partie, []).append(engagement)
        for partie, engagements in sorted(par_partie.items(), key=lambda item: item[0].ordre):
            lignes = [f"{partie.designation} s'engage à :", ""]
            lignes += [f"- {e.texte}" for e in sorted(engagements, key=lambda e: e.ordre)]
            blocs.append("\n".join(lignes))
        return "\n\n".join(blocs)


class Engagement(models.Model):
    """One commitment of one party (Article 2), with what the annual report measures of it."""

    class Mesure(models.TextChoices):
        PARTICIPATION = "participation", _("Participation à l'activité (séances, rendez-vous)")
        COMMUNICATION = "communication", _("Communication (documents visés et publiés)")
        NON_MAINTENUES = "non_maintenues", _("Permanences non maintenues et délai d'annonce")
        ORIENTES = "orientes", _("Personnes orientées par la Ruche, et reçues")
        CADRE = "cadre", _("Respect du cadre (manquements notifiés)")
        SALLES = "salles", _("Salles et bureaux prêtés (heures)")
        INTERNET = "internet", _("Accès internet (postes en accès libre, heures d'ouverture)")
        BILANS = "bilans", _("Temps de bilan (comités de suivi, rencontres)")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("article")
    )
    partie = models.ForeignKey(
        ConventionPartie,
        on_delete=models.CASCADE,
        related_name="engagements",
        verbose_name=_("partie"),
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"))
    texte = models.TextField(_("engagement"))
    mesure = models.CharField(
        _("mesuré dans le rapport par"),
        max_length=20,
        choices=Mesure.choices,
        blank=True,
        help_text=_(
            "Ce que le rapport annuel compte pour cet engagement. Vide : l'application ne "
            "peut pas le savoir, le rapport demande de le compléter avant le comité."
        ),
    )

    history = HistoricalRecords()
    objects = par_le_lieu_de("article__convention__lieu").as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["article", "partie__ordre", "ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "partie", "ordre"], name="engagement_ordre_unique"
            )
        ]

    def __str__(self):
        return self.texte[:80]

    def clean(self):
        if (
            self.article_id
            and self.partie_id
            and (self.article.convention_id != self.partie.convention_id)
        ):
            raise ValidationError(
                {"partie": _("Cette partie n'est pas signataire de cette convention.")}
            )


@dataclass(frozen=True)
class Jalon:
    """One dated line of a convention's timeline."""

    date: date
    nature: str
    titre: str
    detail: str = ""
    annee_rapport: int | None = None  # a committee: the year of the report it was shown


def chronologie(convention):
    """The dated events of a convention, oldest first, from prefetched relations."""
    jalons = [Jalon(convention.debut, "debut", _("Début de la convention"))]
    for partie in convention.parties.all():
        signature = _signature(partie)
        if signature is not None and signature.signee_le:
            jalons.append(
                Jalon(signature.signee_le, "signature", _("Signature : %s") % signature.pour)
            )
    for comite in convention.comites.all():
        titre = _("Comité de suivi — %(decision)s") % {"decision": comite.get_decision_display()}
        jalons.append(
            Jalon(comite.date, "comite", titre, comite.compte_rendu, comite.annee_rapport)
        )
    for avenant in convention.avenants.all():
        titre = _("Avenant n° %(numero)s signé (il s'applique à partir du %(effet)s)") % {
            "numero": avenant.numero,
            "effet": date_longue(avenant.prend_effet_le),
        }
        jalons.append(Jalon(avenant.date, "avenant", titre, avenant.motif))
    parties = list(convention.parties.all())
    for manquement in convention.manquements.all():
        auteur = manquement.auteur(parties)
        jalons.append(
            Jalon(
                manquement.notifie_le,
                "manquement",
                _("Manquement notifié par %(partie)s (%(article)s)")
                % {
                    "partie": auteur.nom_court if auteur else "?",
                    "article": manquement.get_article_display(),
                },
                manquement.description,
            )
        )
        if manquement.recue_le is not None:
            jalons.append(Jalon(manquement.recue_le, "reception", _("Lettre de manquement reçue")))
        if manquement.remediee_le is not None:
            jalons.append(
                Jalon(
                    manquement.remediee_le,
                    "remede",
                    _("Manquement réparé : la caducité est levée"),
                    manquement.remede,
                )
            )
        elif manquement.fin_le is not None:
            if manquement.article == manquement.Article.REGLEMENT:
                titre = _("Rupture du partenariat (article 3)")
            else:
                titre = _("Caducité : un mois après la réception de la lettre")
            jalons.append(Jalon(manquement.fin_le, "caducite", titre))
    for rencontre in convention.rencontres.all():
        jalons.append(
            Jalon(
                rencontre.date,
                "rencontre",
                _("Rencontre entre les parties (article 4)"),
                rencontre.notes,
            )
        )
    resiliation = getattr(convention, "resiliation", None)
    if resiliation is not None:
        jalons.append(Jalon(resiliation.date, "resiliation", _("Résiliation"), resiliation.motif))
    return sorted(jalons, key=lambda j: j.date)
