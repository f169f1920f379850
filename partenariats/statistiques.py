"""What the conventions bring to the Ruche's statistics, registered from AppConfig.ready():
the state of the convention a year's committee reviews, and the review meetings held
(Article 2: the Ruche invites the association to them)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenariats import terme
from partenariats.bilan import bilan_article2
from partenariats.models import ComiteSuivi, Convention, ConventionPartie
from ruche.formats import date_longue
from ruche.statistiques import sections
from ruche.statistiques.tableaux import Tableau


@dataclass
class Evenement:
    le: date
    objet: str


@dataclass
class EtatConvention:
    titre: str
    periode_debut: date
    periode_fin: date
    en_vigueur: bool
    # The next period the committee is asked about; None when the convention ends.
    prochaine_periode_debut: date | None = None
    prochaine_periode_fin: date | None = None
    avenants: list = field(default_factory=list)  # of Evenement
    manquements: list = field(default_factory=list)  # of Evenement
    pk: int | None = None
    lieu_id: int | None = None
    partenaires: dict = field(default_factory=dict)  # {organisation id: name}, not the Ruche
    fin_le: date | None = None  # last day in force, when known
    # "Comité 2025 non tenu" for each period over whose committee was neither held nor
    # explained: it stays until staff record what happened.
    comites_non_tenus: list = field(default_factory=list)
    debut: date | None = None  # the convention's first day
    avant_debut: bool = False  # the year is before it: nothing to review, nothing to renew

    @property
    def nom_partenaires(self):
        return ", ".join(self.partenaires.values())


def jour_de_reference(annee, aujourdhui=None):
    """The day a year's report looks at: today during the year, else its first or last day."""
    aujourdhui = aujourdhui or timezone.localdate()
    return min(max(aujourdhui, date(annee, 1, 1)), date(annee, 12, 31))


def _couvre(convention, annee):
    """The convention is in force on at least one day of the year."""
    fin = terme.dernier_jour(convention.termes())
    return convention.debut <= date(annee, 12, 31) and (fin is None or fin >= date(annee, 1, 1))


# Conventions read at a time, newest first, until one in force on the reference day: at a
# network's scale (a convention per place) the first batch holds it.
LOT_CONVENTIONS = 10


def _par_lots(conventions):
    """The conventions with their life (`avec_vie`), read `LOT_CONVENTIONS` at a time."""
    debut = 0
    while True:
        lot = list(conventions[debut : debut + LOT_CONVENTIONS])
        yield from lot
        if len(lot) < LOT_CONVENTIONS:
            return
        debut += LOT_CONVENTIONS


def _examinee(conventions, annee, jour):
    """The first convention (newest first) in force on `jour`, else the first in force on
    some day of the year, else None: read in batches, up to the first in force."""
    premiere = None
    for convention in _par_lots(conventions):
        if not _couvre(convention, annee):
            continue
        if convention.etat(jour).en_vigueur:
            return convention
        premiere = premiere or convention
    return premiere


@sections.etat_convention
def etat_convention(annee, *, convention_pk=None, lieux=None, organisation=None):
    """The convention reviewed by that year's committee (`convention_pk`, else the one in force
    on the reference day, else the latest that was in force that year): its period, the next
    period to renew for, its amendments and breaches of the year. None when there is none.
    A fixed number of queries when a convention is in force (the usual case): the
    conventions are read newest first and no further than the first in force, so a
    network of a thousand places reads ten of them, not a thousand."""
    jour = jour_de_reference(annee)
    fin_annee = date(annee, 12, 31)
    conventions = Convention.objects.des_lieux(lieux)
    if convention_pk is not None:
        conventions = conventions.filter(pk=convention_pk)
    if organisation is not None:
        conventions = conventions.filter(
            pk__in=ConventionPartie.objects.filter(organisation_id=organisation).values(
                "convention_id"
            )
        )
    convention = _examinee(
        conventions.filter(debut__lte=fin_annee).avec_vie().order_by("-debut", "pk"),
        annee,
        jour,
    )
    if convention is None:
        # A year before the convention's start: the report says so, and asks nothing.
        suivante = (
            conventions.filter(debut__gt=fin_annee)
            .prefetch_related("parties__organisation")
            .order_by("debut", "pk")
            .first()
        )
        return _avant_le_debut(suivante) if suivante else None
    termes = convention.termes()
    etat = convention.etat(jour)
    if etat.en_vigueur:
        periode = etat.periode
    elif etat.pas_encore:
        periode = terme.periode_de(termes, termes.debut)
    else:
        periode = terme.periode_de(termes, etat.fin_le)
    prochaine = None
    if etat.en_vigueur and etat.reconduction_le is not None:
        prochaine = terme.periode_numero(termes, periode.numero + 1)
    debut_annee, fin_annee = date(annee, 1, 1), date(annee, 12, 31)
    avenants = [
        Evenement(
            a.date,
            _("Avenant n° %(numero)s, qui prend effet le %(effet)s : %(motif)s")
            % {"numero": a.numero, "effet": date_longue(a.prend_effet_le), "motif": a.motif},
        )
        for a in sorted(convention.avenants.all(), key=lambda a: a.date)
        if debut_annee <= a.date <= fin_annee or debut_annee <= a.prend_effet_le <= fin_annee
    ]
    manquements = [
        Evenement(
            m.notifie_le,
            _("%(description)s (%(consequence)s)")
            % {"description": m.description, "consequence": m.consequence()},
        )
        for m in sorted(convention.manquements.all(), key=lambda m: m.notifie_le)
        if debut_annee <= m.notifie_le <= fin_annee
    ]
    return EtatConvention(
        debut=convention.debut,
        titre=convention.titre,
        periode_debut=periode.debut,
        periode_fin=periode.fin,
        en_vigueur=etat.en_vigueur,
        prochaine_periode_debut=prochaine.debut if prochaine else None,
        prochaine_periode_fin=prochaine.fin if prochaine else None,
        avenants=avenants,
        manquements=manquements,
        pk=convention.pk,
        lieu_id=convention.lieu_id,
        partenaires=_partenaires(convention),
        fin_le=etat.fin_le,
        comites_non_tenus=convention.comites_non_tenus_signales(),
    )


def _partenaires(convention):
    return {
        p.organisation_id: sections.nom_court(p.organisation.sigle, p.organisation.nom)
        for p in convention.parties.all()
        if not p.organisation.est_la_ruche
    }


def _avant_le_debut(convention):
    return EtatConvention(
        titre=convention.titre,
        periode_debut=convention.debut,
        periode_fin=convention.premiere_fin,
        en_vigueur=False,
        pk=convention.pk,
        lieu_id=convention.lieu_id,
        partenaires=_partenaires(convention),
        debut=convention.debut,
        avant_debut=True,
    )


@dataclass
class BilansTenus:
    tableau: object

    def tableaux(self):
        return [self.tableau]


@sections.section(
    "article2_bilans",
    titre=gettext_lazy("Temps de bilan avec les partenaires"),
    titre_rapport=gettext_lazy("Engagement du lieu : inviter l'association aux temps de bilan"),
    note_rapport=gettext_lazy(
        "Comités de suivi de la période : tenus (compte rendu ou accords enregistrés) ou prévus."
    ),
    ordre=103,
    dans_rapport=False,
)
def bilans_tenus(periode, *, organisations=None, lieux=None):
    """The follow-up committees dated in the period, held or planned, with each party's
    agreement, and how many were held. One query."""
    comites = ComiteSuivi.objects.filter(
        sections.aux_lieux("convention__lieu", lieux),
        date__gte=periode.debut,
        date__lte=periode.fin,
    )
    if organisations is not None:
        comites = comites.filter(convention__parties__organisation__in=organisations).distinct()
    comites = list(comites.select_related("convention").order_by("date"))
    rangees = [
        [
            date_longue(c.date),
            _("Tenu") if c.a_eu_lieu else (_("Prévu") if c.est_a_venir else _("Non renseigné")),
            c.lieu,
            _("Oui") if c.invitation_envoyee_le else "—",
            c.get_accord_ruche_display(),
            c.get_accord_association_display(),
            c.get_decision_display(),
        ]
        for c in comites
    ]
    colonnes = [
        _("Date"),
        _("État"),
        _("Lieu"),
        _("Invitation envoyée"),
        _("Accord de la Ruche"),
        _("Accord de l'association"),
        _("Décision"),
    ]
    tenus = sum(1 for c in comites if c.a_eu_lieu)
    total = [_("Comités tenus"), tenus, "", "", "", "", ""]
    return BilansTenus(
        Tableau(
            "bilans",
            _("Comités de suivi et temps de bilan"),
            colonnes,
            rangees,
            total,
            # On a phone the count reads "Nombre : 1" under "Comités tenus", not "État : 1".
            etiquettes_total=["", _("Nombre"), "", "", "", "", ""],
        )
    )


@sections.bilan_engagements
def bilan_engagements(annee, *, convention_pk):
    """Every commitment of Article 2 of the convention, each party's list, with its figures
    for the year and what the parties added (partenariats.bilan)."""
    convention = (
        Convention.objects.filter(pk=convention_pk)
        .prefetch_related("parties__organisation", "parties__signature")
        .first()
    )
    return None if convention is None else bilan_article2(convention, annee)
