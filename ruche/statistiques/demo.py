"""Demo figures: the 2023 report's totals, and a generated visitor log from 2024 to yesterday.

The log is deterministic (one seeded random generator per day) and only fills the days that
have no visit yet, so loading the demo twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

import holidays
from django.db.models.functions import TruncDate

from ruche.formats import PARIS
from ruche.models import DetailsMediation, Operateur, Passage, TotalHistorique
from ruche.models.lieu import lieu_principal
from ruche.models.mediation import (
    Autonomie,
    Genre,
    Materiel,
    Suite,
    ThematiqueMediation,
    TrancheAgeMediation,
    TypeMediation,
)
from ruche.models.passage import Accompagnement, Issue, TrancheAge, Transmission

SOURCE_2023 = "Convention de partenariat 2024 (considérants) : 8 123 visiteurs en 2023"
# The 2023 report gives five kinds adding up to 7,175: the 948 others are "non ventilé".
TOTAUX_2023 = [
    (Accompagnement.SANS_RDV, 3855),
    (Accompagnement.AVEC_RDV, 565),
    (Accompagnement.AUTONOMIE, 1394),
    (Accompagnement.PARTENAIRE, 619),
    (Accompagnement.CNFS, 742),
    ("", 948),
]
TOTAL_2023 = 8123

DEBUT_JOURNAL = date(2024, 1, 1)
FIN_JOURNAL = date(2026, 12, 31)
PAR_JOUR = 33  # about 8,200 visitors a year over some 250 opening days
CROISSANCE = {2024: 1.0, 2025: 1.04, 2026: 1.07}
SAISON = {1: 1.1, 2: 1.0, 3: 1.05, 4: 1.1, 5: 0.95, 6: 1.0, 7: 0.8, 8: 0.55, 9: 1.2}

ACCOMPAGNEMENTS = {
    Accompagnement.SANS_RDV: 47,
    Accompagnement.AVEC_RDV: 7,
    Accompagnement.AUTONOMIE: 17,
    Accompagnement.PARTENAIRE: 8,
    Accompagnement.CNFS: 9,
    Accompagnement.ATELIER: 5,
    Accompagnement.AUTRE: 7,
}
# The share of each operator in the programme's accompaniments (the Cour des comptes'
# 2024 evaluation gives France Titres 19 %, CAF 16 %, Assurance maladie 16 %, Finances
# publiques 15 %); "" is a visit for no operator of the programme.
OPERATEURS = {
    "france_titres": 19,
    "caf": 16,
    "assurance_maladie": 16,
    "finances_publiques": 15,
    "assurance_retraite": 12,
    "france_travail": 9,
    "msa": 3,
    "justice": 3,
    "la_poste": 2,
    "": 5,
}
ISSUES = {Issue.SUR_PLACE: 78, Issue.TRANSMIS: 17, "": 5}
TRANSMISSIONS = {Transmission.RENDEZ_VOUS: 5, Transmission.DOSSIER: 3, Transmission.VISIO: 2}
AGES = {TrancheAge.MOINS_26: 12, TrancheAge.DE_26_A_59: 38, TrancheAge.DE_60_A_74: 20}
AGES |= {TrancheAge.PLUS_75: 8, "": 22}


def _tirer(rng, poids):
    return rng.choices(list(poids), weights=list(poids.values()))[0]


def charger_totaux_2023(lieu=None):
    """The 2023 report's totals: the figures of the Ruche of the convention (the first place
    by default)."""
    lieu = lieu or lieu_principal()
    for accompagnement, nombre in TOTAUX_2023:
        TotalHistorique.objects.update_or_create(
            lieu=lieu,
            annee=2023,
            mois=None,
            accompagnement=accompagnement,
            defaults={"nombre": nombre, "source": SOURCE_2023},
        )


def jours_ouverts(debut, fin):
    feries = holidays.France(years=range(debut.year, fin.year + 1))
    jour = debut
    while jour <= fin:
        if jour.weekday() < 5 and jour not in feries:
            yield jour
        jour += timedelta(days=1)


def catalogue_operateurs():
    """{code: (operator, [its themes])} of the operators the migration created."""
    return {
        operateur.code: (operateur, list(operateur.themes.all()))
        for operateur in Operateur.objects.prefetch_related("themes")
    }


def _france_services(rng, catalogue):
    """(operator, theme, outcome, way) of a desk visit; a quarter say no theme."""
    code = _tirer(rng, OPERATEURS)
    if not code or code not in catalogue:
        return None, None, "", ""
    operateur, themes = catalogue[code]
    theme = rng.choice(themes) if themes and rng.random() < 0.75 else None
    issue = _tirer(rng, ISSUES)
    transmission = _tirer(rng, TRANSMISSIONS) if issue == Issue.TRANSMIS else ""
    return operateur, theme, issue, transmission


def _mediation(rng):
    """The mediation network's details of a conseiller numérique's visit (some left out,
    as at a real desk)."""
    type_ = rng.choices([TypeMediation.INDIVIDUEL, TypeMediation.PONCTUEL], [7, 3])[0]
    suite = rng.choices([Suite.TERMINE, Suite.REVIENT, Suite.ORIENTE, ""], [5, 3, 1, 1])[0]
    return DetailsMediation(
        type=type_,
        duree_minutes=rng.choice([15, 30, 45, 60, 90]) if type_ == "individuel" else 10,
        thematiques=sorted(rng.sample(ThematiqueMediation.values, rng.randint(1, 2))),
        autonomie=rng.choice([*Autonomie.values, ""]),
        materiel=[rng.choice(Materiel.values)],
        suite=suite,
        structure_redirection="operateur_ou_organisme_en_charge" if suite == "oriente" else "",
        tranche_age=rng.choices([*TrancheAgeMediation.values, ""], [0, 1, 3, 6, 10, 9, 8, 4])[0],
        genre=rng.choice([*Genre.values, ""]),
        commune=rng.choices(["Bagnols-sur-Cèze", "Pont-Saint-Esprit", "Laudun-l'Ardoise", ""])[0],
    )


def passages_du_jour(
    jour,
    *,
    auteur,
    association,
    lieu,
    graine="ruche-passages",
    par_jour=PAR_JOUR,
    catalogue=None,
    mediations=None,
):
    """The generated visits of one day; the mediation details of the conseiller numérique's
    visits go to `mediations` as (visit, details) when a list is given."""
    rng = random.Random(f"{graine}-{jour.isoformat()}")
    catalogue = catalogue if catalogue is not None else {}
    moyenne = par_jour * CROISSANCE.get(jour.year, 1.0) * SAISON.get(jour.month, 1.0)
    for _ in range(max(0, round(rng.gauss(moyenne, moyenne / 5)))):
        accompagnement = _tirer(rng, ACCOMPAGNEMENTS)
        partenaire = None
        operateur, theme, issue, transmission = None, None, "", ""
        if accompagnement == Accompagnement.PARTENAIRE:
            # Walk-ins at the association's permanences (they take people without an
            # appointment): its appointments marked came are counted from RendezVous.
            partenaire = association
            if rng.random() < 0.5 and "assurance_retraite" in catalogue:
                operateur, issue = catalogue["assurance_retraite"][0], Issue.SUR_PLACE
        elif accompagnement in (Accompagnement.ATELIER, Accompagnement.CNFS):
            # Digital help: the Ruche's own workshops and the conseiller numérique.
            pass
        elif accompagnement == Accompagnement.AUTONOMIE and rng.random() < 0.5:
            pass
        else:
            operateur, theme, issue, transmission = _france_services(rng, catalogue)
        minute = rng.randrange(9 * 60, 17 * 60 + 30)
        quand = datetime.combine(jour, time(minute // 60, minute % 60), tzinfo=PARIS)
        visite = rng.random()
        passage = Passage(
            quand=quand,
            accompagnement=accompagnement,
            operateur=operateur,
            theme_operateur=theme,
            issue=issue,
            transmission=transmission,
            partenaire=partenaire,
            tranche_age=_tirer(rng, AGES),
            premiere_visite=True if visite < 0.25 else (False if visite < 0.8 else None),
            auteur=auteur,
            # The log is generated place by place (charger_journal).
            lieu=lieu,
        )
        if accompagnement == Accompagnement.CNFS and mediations is not None:
            mediations.append((passage, _mediation(rng)))
        yield passage


def charger_journal(
    *, auteur, association, jusqu_au, lieu=None, depuis=DEBUT_JOURNAL, par_jour=PAR_JOUR
):
    """Generates the log of every opening day from `depuis` up to `jusqu_au` that has no visit
    yet at `lieu` (the first place by default)."""
    lieu = lieu or lieu_principal()
    fin = min(jusqu_au, FIN_JOURNAL)
    debut_paris = datetime.combine(depuis, time(), tzinfo=PARIS)
    # The first place keeps the seed it always had: its figures do not change.
    graine = "ruche-passages" if lieu.pk == lieu_principal().pk else f"passages-{lieu.slug}"
    deja = set(
        Passage.objects.filter(lieu=lieu, quand__gte=debut_paris)
        .annotate(jour=TruncDate("quand", tzinfo=PARIS))
        .values_list("jour", flat=True)
        .distinct()
    )
    catalogue = catalogue_operateurs()
    mediations = []
    nouveaux = [
        passage
        for jour in jours_ouverts(depuis, fin)
        if jour not in deja
        for passage in passages_du_jour(
            jour,
            auteur=auteur,
            association=association,
            lieu=lieu,
            graine=graine,
            par_jour=par_jour,
            catalogue=catalogue,
            mediations=mediations,
        )
    ]
    Passage.objects.bulk_create(nouveaux, batch_size=2000)
    for passage, details in mediations:
        details.passage = passage  # its pk is set by bulk_create
    DetailsMediation.objects.bulk_create([d for _p, d in mediations], batch_size=2000)
    return len(nouveaux)
