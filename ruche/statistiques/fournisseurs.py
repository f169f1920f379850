"""Providers of the sections that other apps feed: the association's activity, the workshops
(app `permanences`) and the state of the convention (app `partenariats`).

Each provider returns None when there is nothing to show, and the dashboard and the report
then say "Pas encore de données". Each aggregates in the database: one query per table,
whatever the number of rows.

Whose activity: the dashboard shows every organisation that holds permanences or workshops,
one row per organisation (the Ruche's statistics cover all its partners); the committee's
report is scoped to the partners of the convention it reviews (`organisations=`), since a
committee decides on one partnership and must not read another partner's figures as its own.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.statistiques.periode import date_longue
from ruche.statistiques.tableaux import Tableau


def _taux(partie, tout):
    return round(100 * partie / tout, 1) if tout else None


def _nom(sigle, nom):
    return sigle or nom


def _total(rangees, colonnes):
    return [_("Total"), *(sum(r[i] for r in rangees) for i in colonnes)]


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
        return _taux(self.manques, self.honores + self.manques)


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
            _total(rangees, range(1, 5)) if len(rangees) > 1 else None,
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
        total = _total(rangees, range(1, 5))
        for rangee, rdv in zip(rangees, self.rendez_vous, strict=True):
            rangee.append(rdv.taux_absence if rdv.taux_absence is not None else "—")
        taux_total = _taux(total[4], total[2] + total[4])
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
        total = _total(rangees, range(1, 5)) if len(rangees) > 1 else None
        return [Tableau("ateliers", _("Ateliers collectifs"), colonnes, rangees, total)]


def _organisations(filtre, chemin, organisations):
    if organisations is not None:
        filtre &= Q(**{f"{chemin}__in": organisations})
    return filtre


def activite_association(periode, *, organisations=None):
    """Permanences planned / held / cancelled by organisation, and appointments booked /
    honoured / cancelled / missed by démarche, for sessions and appointments starting in the
    period. "Held" is a session not cancelled and already over. `organisations`: the ids to
    cover (None: all). Two queries. ActiviteAssociation, or None when there is nothing."""
    from permanences.models import Occurrence, RendezVous

    bas, haut = periode.bornes()
    maintenant = timezone.now()
    annulee = Q(statut=Occurrence.Statut.ANNULEE)
    organisation = "permanence__organisation"
    seances = (
        Occurrence.objects.filter(
            _organisations(Q(debut__gte=bas, debut__lt=haut), organisation, organisations)
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
            _nom(s[f"{organisation}__sigle"], s[f"{organisation}__nom"]),
            s["prevues"],
            s["tenues"],
            s["annulees"],
        )
        for s in seances
    ]
    Statut = RendezVous.Statut
    organisation = "occurrence__permanence__organisation"
    rangees = (
        RendezVous.objects.filter(
            _organisations(Q(debut__gte=bas, debut__lt=haut), organisation, organisations)
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
            partenaire=_nom(r[f"{organisation}__sigle"], r[f"{organisation}__nom"]),
        )
        for r in rangees
    ]
    if not permanences and not rendez_vous:
        return None
    return ActiviteAssociation(permanences, rendez_vous)


def bilan_ateliers(periode, *, organisations=None):
    """Workshops starting in the period, by organisation: places offered (sum of their
    capacities), taken (registrations holding a place: not waiting, not cancelled) and
    attended (present). Two queries. BilanAteliers, or None when there is no workshop."""
    from permanences.models import Atelier, Inscription

    bas, haut = periode.bornes()
    filtre = _organisations(Q(debut__gte=bas, debut__lt=haut), "organisation", organisations)
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
    )
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
                _nom(a["organisation__sigle"], a["organisation__nom"]),
                a["nombre"],
                a["places"],
                inscriptions.get(a["organisation"], {}).get("prises", 0),
                inscriptions.get(a["organisation"], {}).get("presents", 0),
            )
            for a in ateliers
        ]
    )


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
    partenaires: dict = field(default_factory=dict)  # {organisation id: name}, not the Ruche
    fin_le: date | None = None  # last day in force, when known

    @property
    def nom_partenaires(self):
        return ", ".join(self.partenaires.values())


def jour_de_reference(annee, aujourdhui=None):
    """The day a year's report looks at: today during the year, else its first or last day."""
    aujourdhui = aujourdhui or timezone.localdate()
    return min(max(aujourdhui, date(annee, 1, 1)), date(annee, 12, 31))


def _couvre(convention, annee):
    """The convention is in force on at least one day of the year."""
    from partenariats import terme

    fin = terme.dernier_jour(convention.termes())
    return convention.debut <= date(annee, 12, 31) and (fin is None or fin >= date(annee, 1, 1))


def etat_convention(annee, *, convention_pk=None):
    """The convention reviewed by that year's committee (`convention_pk`, else the one in force
    on the reference day, else the latest that was in force that year): its period, the next
    period to renew for, its amendments and breaches of the year. None when there is none.
    A fixed number of queries."""
    from partenariats import terme
    from partenariats.models import Convention

    jour = jour_de_reference(annee)
    conventions = Convention.objects.filter(debut__lte=date(annee, 12, 31))
    if convention_pk is not None:
        conventions = conventions.filter(pk=convention_pk)
    candidates = [
        c
        for c in conventions.avec_vie().prefetch_related("avenants").order_by("-debut", "pk")
        if _couvre(c, annee)
    ]
    if not candidates:
        return None
    convention = next((c for c in candidates if c.etat(jour).en_vigueur), candidates[0])
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
            _("%(description)s (caducité le %(caduque)s)")
            % {"description": m.description, "caduque": date_longue(m.caduque_le)},
        )
        for m in sorted(convention.manquements.all(), key=lambda m: m.notifie_le)
        if debut_annee <= m.notifie_le <= fin_annee
    ]
    return EtatConvention(
        titre=convention.titre,
        periode_debut=periode.debut,
        periode_fin=periode.fin,
        en_vigueur=etat.en_vigueur,
        prochaine_periode_debut=prochaine.debut if prochaine else None,
        prochaine_periode_fin=prochaine.fin if prochaine else None,
        avenants=avenants,
        manquements=manquements,
        pk=convention.pk,
        partenaires={
            p.organisation_id: _nom(p.organisation.sigle, p.organisation.nom)
            for p in convention.parties.all()
            if not p.organisation.est_la_ruche
        },
        fin_le=etat.fin_le,
    )
