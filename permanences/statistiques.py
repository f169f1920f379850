"""What the permanences bring to the Ruche's statistics, registered from AppConfig.ready().

Two sources of visitor figures, kept in the cache at the data's version (`gardee`: a visit
typed does not count them again; an appointment marked came or a presence corrected weeks
later gives the data a new version, and counts at once):
- `rendez_vous_venus`: the association's appointments marked came (`RendezVous.Statut.VENU`),
  counted as "pris en charge par un partenaire", the partner being the organisation holding
  the permanence; the visit is filled in from the démarche (its France Services operator and
  theme, handled on the spot), so nobody types it again;
- `presences_ateliers`: workshop registrations marked present, counted as "atelier
  collectif", the partner being the organisation running the workshop.

Two sections: the association's activity (permanences and appointments) and the workshops.
Each aggregates in the database: one query per table, whatever the number of rows. The
dashboard shows every organisation that holds permanences or workshops; the committee's
report only the partners of the convention it reviews (`organisations=`), since a
committee decides on one partnership and must not read another partner's figures as its own.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from permanences.models import Atelier, Inscription, Occurrence, RendezVous
from permanences.models.calendrier import OccurrenceQuerySet
from permanences.models.rendezvous import RendezVousQuerySet
from ruche.formats import PARIS
from ruche.models.mediation import TypeMediation
from ruche.models.passage import Accompagnement, Issue
from ruche.statistiques.reseau import ActiviteMediation, activites_mediation
from ruche.statistiques.sections import aux_lieux, ligne_total, nom_court, section, taux
from ruche.statistiques.sources import Ligne, source
from ruche.statistiques.tableaux import Tableau

# The place column of a count that adds the places up: None for every row.
_SANS_LIEU = "_sans_lieu"


def _par_mois(queryset, instant, *cles):
    """`queryset` counted by month of `instant` (Paris time) and `cles`: one query."""
    return (
        queryset.annotate(
            mois=TruncMonth(instant, tzinfo=PARIS),
            _sans_lieu=Value(None, output_field=IntegerField()),
        )
        .values_list("mois", *cles)
        .annotate(nombre=Count("*"))
        .order_by()
    )


@source(gardee=True)
def rendez_vous_venus(periode, *, lieux=None, par_lieu=True):
    """The appointments marked came: handled by the partner holding the permanence."""
    bas, haut = periode.bornes()
    chemin_lieu = RendezVousQuerySet.chemin_lieu
    rangees = _par_mois(
        RendezVous.objects.filter(
            aux_lieux(chemin_lieu, lieux),
            statut=RendezVous.Statut.VENU,
            debut__gte=bas,
            debut__lt=haut,
        ),
        "debut",
        "occurrence__permanence__organisation_id",
        f"{chemin_lieu}_id" if par_lieu else _SANS_LIEU,
        "demarche__operateur_id",
        "demarche__theme_operateur_id",
    )
    return [
        Ligne(
            mois.astimezone(PARIS).date(),
            Accompagnement.PARTENAIRE,
            "",
            organisation_id,
            nombre,
            lieu_id,
            operateur_id=operateur_id,
            theme_operateur_id=theme_operateur_id,
            issue=Issue.SUR_PLACE,
        )
        for mois, organisation_id, lieu_id, operateur_id, theme_operateur_id, nombre in rangees
    ]


@source(gardee=True)
def presences_ateliers(periode, *, lieux=None, par_lieu=True):
    """The people present at a workshop, for the organisation running it."""
    bas, haut = periode.bornes()
    rangees = _par_mois(
        Inscription.objects.filter(
            aux_lieux("atelier__salle__lieu", lieux),
            statut=Inscription.Statut.PRESENT,
            atelier__debut__gte=bas,
            atelier__debut__lt=haut,
        ),
        "atelier__debut",
        "atelier__organisation_id",
        "atelier__salle__lieu_id" if par_lieu else _SANS_LIEU,
    )
    return [
        Ligne(
            mois.astimezone(PARIS).date(),
            Accompagnement.ATELIER,
            "",
            organisation_id,
            nombre,
            lieu_id,
        )
        for mois, organisation_id, lieu_id, nombre in rangees
    ]


PRESENT = Inscription.Statut.PRESENT


@activites_mediation
def ateliers_mediation(periode, *, lieux=None):
    """Each workshop of the period with people present, as one collective accompaniment of
    the mediation activity report: its length and its number of participants, filled in
    from the workshop (nobody types it again). One query."""
    bas, haut = periode.bornes()
    ateliers = (
        Atelier.objects.filter(debut__gte=bas, debut__lt=haut)
        .filter(aux_lieux("salle__lieu", lieux))
        .annotate(presents=Count("inscriptions", filter=Q(inscriptions__statut=PRESENT)))
        .filter(presents__gt=0)
        .values_list("pk", "debut", "fin", "salle__lieu_id", "presents")
    )
    return [
        ActiviteMediation(
            id=f"atelier-{pk}",
            date=timezone.localtime(debut, PARIS).date(),
            lieu_id=lieu_id,
            type=TypeMediation.COLLECTIF,
            participants=presents,
            duree=round((fin - debut).total_seconds() / 60),
        )
        for pk, debut, fin, lieu_id, presents in ateliers
    ]


@dataclass
class PermanencesPartenaire:
    partenaire: str
    prevues: int
    tenues: int
    annulees: int

    @property
    def a_venir(self):
        return self.prevues - self.tenues - self.annulees


@dataclass
class RendezVousParDemarche:
    demarche: str
    pris: int
    honores: int
    annules: int
    manques: int
    partenaire: str = ""

    @property
    def taux_absence(self):
        """Missed among those that were due (honoured + missed), in %; None when none."""
        return taux(self.manques, self.honores + self.manques)


@dataclass
class ActiviteAssociation:
    permanences: list = field(default_factory=list)  # of PermanencesPartenaire
    rendez_vous: list = field(default_factory=list)  # of RendezVousParDemarche

    @property
    def permanences_prevues(self):
        return sum(p.prevues for p in self.permanences)

    @property
    def permanences_tenues(self):
        return sum(p.tenues for p in self.permanences)

    @property
    def permanences_annulees(self):
        return sum(p.annulees for p in self.permanences)

    def tableaux(self):
        rangees = [
            [p.partenaire, p.prevues, p.tenues, p.annulees, p.a_venir] for p in self.permanences
        ]
        permanences = Tableau(
            "permanences",
            _("Permanences de l'association"),
            [_("Organisation"), _("Prévues"), _("Tenues"), _("Annulées"), _("À venir")],
            rangees,
            ligne_total(rangees, range(1, 5)) if len(rangees) > 1 else None,
        )
        plusieurs = len({r.partenaire for r in self.rendez_vous}) > 1
        colonnes = [_("Démarche"), _("Pris"), _("Honorés"), _("Annulés"), _("Manqués")]
        colonnes.append(_("Taux d'absence (%)"))
        rangees = [
            [
                f"{r.demarche} ({r.partenaire})" if plusieurs else r.demarche,
                r.pris,
                r.honores,
                r.annules,
                r.manques,
            ]
            for r in self.rendez_vous
        ]
        total = ligne_total(rangees, range(1, 5))
        for rangee, rdv in zip(rangees, self.rendez_vous, strict=True):
            rangee.append(rdv.taux_absence if rdv.taux_absence is not None else "—")
        taux_total = taux(total[4], total[2] + total[4])
        total.append(taux_total if taux_total is not None else "—")
        rendez_vous = Tableau(
            "rendez_vous", _("Rendez-vous par démarche"), colonnes, rangees, total
        )
        return [permanences, rendez_vous]


@dataclass
class AteliersPartenaire:
    partenaire: str
    ateliers: int
    places_offertes: int
    places_prises: int
    presents: int


@dataclass
class BilanAteliers:
    lignes: list = field(default_factory=list)  # of AteliersPartenaire

    @property
    def places_offertes(self):
        return sum(ligne.places_offertes for ligne in self.lignes)

    @property
    def places_prises(self):
        return sum(ligne.places_prises for ligne in self.lignes)

    @property
    def presents(self):
        return sum(ligne.presents for ligne in self.lignes)

    def tableaux(self):
        rangees = [
            [a.partenaire, a.ateliers, a.places_offertes, a.places_prises, a.presents]
            for a in self.lignes
        ]
        colonnes = [_("Organisé par"), _("Ateliers"), _("Places offertes")]
        colonnes += [_("Places prises (inscriptions)"), _("Présents")]
        total = ligne_total(rangees, range(1, 5)) if len(rangees) > 1 else None
        return [Tableau("ateliers", _("Ateliers collectifs"), colonnes, rangees, total)]


def _organisations(filtre, chemin, organisations):
    if organisations is not None:
        filtre &= Q(**{f"{chemin}__in": organisations})
    return filtre


@section(
    "association",
    titre=gettext_lazy("Activité de l'association"),
    titre_rapport=gettext_lazy("L'activité de l'association"),
    note_rapport=gettext_lazy(
        "Taux d'absence : rendez-vous manqués parmi les rendez-vous honorés ou manqués."
    ),
    titre_avec_partenaires=True,
)
def activite_association(periode, *, organisations=None, lieux=None):
    """Permanences planned / held / cancelled by organisation, and appointments booked /
    honoured / cancelled / missed by démarche, for occurrences and appointments starting in the
    period. "Held" is an occurrence not cancelled and already over. `organisations`: the ids to
    cover (None: all). Two queries. ActiviteAssociation, or None when there is nothing."""
    bas, haut = periode.bornes()
    maintenant = timezone.now()
    annulee = Q(statut=Occurrence.Statut.ANNULEE)
    organisation = "permanence__organisation"
    par_organisation = (
        Occurrence.objects.filter(
            _organisations(Q(debut__gte=bas, debut__lt=haut), organisation, organisations),
            aux_lieux(OccurrenceQuerySet.chemin_lieu, lieux),
        )
        .values(organisation, f"{organisation}__sigle", f"{organisation}__nom")
        .annotate(
            prevues=Count("pk"),
            annulees=Count("pk", filter=annulee),
            tenues=Count("pk", filter=~annulee & Q(fin__lte=maintenant)),
        )
        .order_by(f"{organisation}__nom")
    )
    permanences = [
        PermanencesPartenaire(
            nom_court(ligne[f"{organisation}__sigle"], ligne[f"{organisation}__nom"]),
            ligne["prevues"],
            ligne["tenues"],
            ligne["annulees"],
        )
        for ligne in par_organisation
    ]
    Statut = RendezVous.Statut
    organisation = "occurrence__permanence__organisation"
    rangees = (
        RendezVous.objects.filter(
            _organisations(Q(debut__gte=bas, debut__lt=haut), organisation, organisations),
            aux_lieux(RendezVousQuerySet.chemin_lieu, lieux),
        )
        .values("demarche__nom", f"{organisation}__sigle", f"{organisation}__nom")
        .annotate(
            pris=Count("pk"),
            honores=Count("pk", filter=Q(statut=Statut.VENU)),
            annules=Count(
                "pk", filter=Q(statut__in=[Statut.ANNULE_HABITANT, Statut.ANNULE_ASSOCIATION])
            ),
            manques=Count("pk", filter=Q(statut=Statut.ABSENT)),
        )
        .order_by(f"{organisation}__nom", "demarche__nom")
    )
    rendez_vous = [
        RendezVousParDemarche(
            r["demarche__nom"],
            r["pris"],
            r["honores"],
            r["annules"],
            r["manques"],
            partenaire=nom_court(r[f"{organisation}__sigle"], r[f"{organisation}__nom"]),
        )
        for r in rangees
    ]
    if not permanences and not rendez_vous:
        return None
    return ActiviteAssociation(permanences, rendez_vous)


@section(
    "ateliers",
    titre=gettext_lazy("Ateliers collectifs"),
    titre_rapport=gettext_lazy("Les ateliers collectifs"),
)
def bilan_ateliers(periode, *, organisations=None, lieux=None):
    """Workshops starting in the period, by organisation: places offered (sum of their
    capacities), taken (registrations holding a place: not waiting, not cancelled) and
    attended (present). Two queries. BilanAteliers, or None when there is no workshop."""
    bas, haut = periode.bornes()
    filtre = _organisations(Q(debut__gte=bas, debut__lt=haut), "organisation", organisations)
    filtre &= aux_lieux("salle__lieu", lieux)
    ateliers = list(
        Atelier.objects.filter(filtre)
        .values("organisation", "organisation__sigle", "organisation__nom")
        .annotate(nombre=Count("pk"), places=Sum("capacite"))
        .order_by("organisation__nom")
    )
    if not ateliers:
        return None
    filtre = _organisations(
        Q(atelier__debut__gte=bas, atelier__debut__lt=haut), "atelier__organisation", organisations
    ) & aux_lieux("atelier__salle__lieu", lieux)
    inscriptions = {
        i["atelier__organisation"]: i
        for i in Inscription.objects.filter(filtre)
        .values("atelier__organisation")
        .annotate(
            prises=Count("pk", filter=Q(statut__in=Inscription.STATUTS_PLACE)),
            presents=Count("pk", filter=Q(statut=Inscription.Statut.PRESENT)),
        )
        .order_by()
    }
    return BilanAteliers(
        [
            AteliersPartenaire(
                nom_court(a["organisation__sigle"], a["organisation__nom"]),
                a["nombre"],
                a["places"],
                inscriptions.get(a["organisation"], {}).get("prises", 0),
                inscriptions.get(a["organisation"], {}).get("presents", 0),
            )
            for a in ateliers
        ]
    )
