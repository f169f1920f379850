"""The commitments of Article 2 in figures, registered as sections of the statistics and
the committee's report (ruche/statistiques/sections.py) from AppConfig.ready():

- the association informs of the permanences not held: how many, and how long before;
- it receives the residents the Ruche refers to it: referred, received, missed;
- the Ruche lends its rooms free of charge: hours by partner and use.

(The review meetings the Ruche invites the association to come from partenariats.)
Each section is one aggregate query, whatever the number of rows. A section with nothing
to count still shows its table with a zero total: no cancellation is a figure too.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from permanences.models import Occurrence, RendezVous, ReservationSalle
from permanences.models.calendrier import OccurrenceQuerySet
from permanences.models.rendezvous import RendezVousQuerySet
from ruche.statistiques.sections import aux_lieux, ligne_total, nom_court, section
from ruche.statistiques.tableaux import Tableau

# Article 2 comes after the activity sections, in the order of the text.
ORDRE_ARTICLE_2 = 100
UNE_SEMAINE = timedelta(days=7)
DEUX_JOURS = timedelta(days=2)


def _dans(periode, chemin_organisation, organisations, champ="debut"):
    bas, haut = periode.bornes()
    filtre = Q(**{f"{champ}__gte": bas, f"{champ}__lt": haut})
    if organisations is not None:
        filtre &= Q(**{f"{chemin_organisation}__in": organisations})
    return filtre


@dataclass
class Contenu:
    tableau: Tableau

    def tableaux(self):
        return [self.tableau]


def _jours(duree):
    return round(duree.total_seconds() / 86400, 1) if duree is not None else "—"


@section(
    "article2_non_maintenues",
    titre=gettext_lazy("Permanences annoncées comme non maintenues"),
    titre_rapport=gettext_lazy(
        "Engagement de l'association : informer des permanences qui ne seront pas maintenues"
    ),
    note_rapport=gettext_lazy(
        "Délai : entre l'annonce dans l'application et le début prévu de la permanence."
    ),
    ordre=ORDRE_ARTICLE_2,
    dans_rapport=False,
)
def permanences_non_maintenues(periode, *, organisations=None, lieux=None):
    """Sessions of the period marked not held, by organisation, with how long before their
    start they were announced. Contenu."""
    organisation = "permanence__organisation"
    delai = ExpressionWrapper(F("debut") - F("annulee_le"), output_field=DurationField())
    rangees = list(
        Occurrence.objects.filter(
            _dans(periode, organisation, organisations),
            aux_lieux(OccurrenceQuerySet.chemin_lieu, lieux),
            statut=Occurrence.Statut.ANNULEE,
        )
        .alias(delai=delai)
        .values(f"{organisation}__sigle", f"{organisation}__nom")
        .annotate(
            nombre=Count("pk"),
            semaine=Count("pk", filter=Q(delai__gte=UNE_SEMAINE)),
            jours=Count("pk", filter=Q(delai__gte=DEUX_JOURS, delai__lt=UNE_SEMAINE)),
            tard=Count("pk", filter=Q(delai__lt=DEUX_JOURS) | Q(annulee_le__isnull=True)),
            moyenne=Avg("delai"),
        )
        .order_by(f"{organisation}__nom")
    )
    lignes = [
        [
            nom_court(r[f"{organisation}__sigle"], r[f"{organisation}__nom"]),
            r["nombre"],
            r["semaine"],
            r["jours"],
            r["tard"],
            _jours(r["moyenne"]),
        ]
        for r in rangees
    ]
    colonnes = [
        _("Organisation"),
        _("Non maintenues"),
        _("Annoncées 7 jours avant ou plus"),
        _("De 2 à 6 jours avant"),
        _("Moins de 2 jours avant"),
        _("Délai moyen (jours)"),
    ]
    total = [*ligne_total(lignes, range(1, 5)), "—"] if len(lignes) != 1 else None
    return Contenu(
        Tableau("non_maintenues", _("Permanences non maintenues"), colonnes, lignes, total)
    )


@section(
    "article2_orientes",
    titre=gettext_lazy("Personnes orientées par la Ruche"),
    titre_rapport=gettext_lazy(
        "Engagement de l'association : accueillir les personnes orientées par le lieu"
    ),
    ordre=ORDRE_ARTICLE_2 + 1,
    dans_rapport=False,
)
def orientes_par_la_ruche(periode, *, organisations=None, lieux=None):
    """Appointments of the period booked by the Ruche for a resident, by organisation:
    referred, received, missed, cancelled, still to come. Contenu."""
    organisation = "occurrence__permanence__organisation"
    Statut = RendezVous.Statut
    rangees = list(
        RendezVous.objects.filter(
            _dans(periode, organisation, organisations),
            aux_lieux(RendezVousQuerySet.chemin_lieu, lieux),
            canal=RendezVous.Canal.ORIENTE_RUCHE,
        )
        .values(f"{organisation}__sigle", f"{organisation}__nom")
        .annotate(
            orientes=Count("pk"),
            recus=Count("pk", filter=Q(statut=Statut.VENU)),
            absents=Count("pk", filter=Q(statut=Statut.ABSENT)),
            annules=Count(
                "pk", filter=Q(statut__in=[Statut.ANNULE_HABITANT, Statut.ANNULE_ASSOCIATION])
            ),
            a_venir=Count("pk", filter=Q(statut=Statut.RESERVE, debut__gt=timezone.now())),
        )
        .order_by(f"{organisation}__nom")
    )
    lignes = [
        [
            nom_court(r[f"{organisation}__sigle"], r[f"{organisation}__nom"]),
            r["orientes"],
            r["recus"],
            r["absents"],
            r["annules"],
            r["a_venir"],
        ]
        for r in rangees
    ]
    colonnes = [
        _("Organisation"),
        _("Orientées"),
        _("Reçues"),
        _("Pas venues"),
        _("Annulés"),
        _("À venir"),
    ]
    total = ligne_total(lignes, range(1, 6)) if len(lignes) != 1 else None
    return Contenu(
        Tableau("orientes", _("Personnes orientées par la Ruche"), colonnes, lignes, total)
    )


@section(
    "article2_salles",
    titre=gettext_lazy("Salles mises à disposition gracieusement"),
    titre_rapport=gettext_lazy("Engagement du lieu : mettre à disposition gracieusement une salle"),
    note_rapport=gettext_lazy("Heures de salle réservées et non annulées, par usage."),
    ordre=ORDRE_ARTICLE_2 + 2,
    dans_rapport=False,
)
def heures_de_salle(periode, *, organisations=None, lieux=None):
    """Hours of rooms lent to each partner in the period (bookings not cancelled), by use.
    Contenu."""
    duree = ExpressionWrapper(F("fin") - F("debut"), output_field=DurationField())
    Objet = ReservationSalle.Objet
    filtre = _dans(periode, "organisation", organisations) & Q(annulee=False)
    filtre &= Q(organisation__est_la_ruche=False) & aux_lieux("salle__lieu", lieux)
    rangees = list(
        ReservationSalle.objects.filter(filtre)
        .alias(duree=duree)
        .values("organisation__sigle", "organisation__nom")
        .annotate(
            permanences=Sum("duree", filter=Q(objet=Objet.PERMANENCE)),
            ateliers=Sum("duree", filter=Q(objet=Objet.ATELIER)),
            autres=Sum("duree", filter=Q(objet=Objet.AUTRE)),
            total=Sum("duree"),
        )
        .order_by("organisation__nom")
    )

    def heures(valeur):
        return round(valeur.total_seconds() / 3600, 1) if valeur else 0

    lignes = [
        [
            nom_court(r["organisation__sigle"], r["organisation__nom"]),
            heures(r["permanences"]),
            heures(r["ateliers"]),
            heures(r["autres"]),
            heures(r["total"]),
        ]
        for r in rangees
    ]
    colonnes = [
        _("Organisation"),
        _("Permanences (h)"),
        _("Ateliers (h)"),
        _("Autres (h)"),
        _("Total (h)"),
    ]
    total = None
    if len(lignes) != 1:
        total = [_("Total"), *(round(sum(r[i] for r in lignes), 1) for i in range(1, 5))]
    return Contenu(Tableau("salles", _("Heures de salle prêtées"), colonnes, lignes, total))
