"""Demo figures: the 2023 report's totals, and a generated visitor log from 2024 to yesterday.

The log is deterministic (one seeded random generator per day) and only fills the days that
have no visit yet, so loading the demo twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

import holidays
from django.db.models.functions import TruncDate

from ruche.formats import PARIS
from ruche.models import Passage, TotalHistorique
from ruche.models.lieu import lieu_principal
from ruche.models.passage import Accompagnement, Theme, TrancheAge

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
THEMES = {
    Theme.IMPOTS: 14,
    Theme.CAF: 13,
    Theme.SANTE: 12,
    Theme.RETRAITE: 10,
    Theme.EMPLOI: 10,
    Theme.ANTS: 9,
    Theme.TITRE_SEJOUR: 8,
    Theme.ETAT_CIVIL: 8,
    Theme.NUMERIQUE_AUTRE: 8,
    Theme.LOGEMENT: 6,
    Theme.ENERGIE_BUDGET: 4,
    Theme.JUSTICE: 3,
    "": 5,
}
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


def passages_du_jour(
    jour, *, auteur, association, lieu, graine="ruche-passages", par_jour=PAR_JOUR
):
    rng = random.Random(f"{graine}-{jour.isoformat()}")
    moyenne = par_jour * CROISSANCE.get(jour.year, 1.0) * SAISON.get(jour.month, 1.0)
    for _ in range(max(0, round(rng.gauss(moyenne, moyenne / 5)))):
        accompagnement = _tirer(rng, ACCOMPAGNEMENTS)
        partenaire = None
        if accompagnement == Accompagnement.PARTENAIRE:
            # Walk-ins at the association's permanences (they take people without an
            # appointment): its appointments marked came are counted from RendezVous.
            theme = rng.choice([Theme.RETRAITE, Theme.TITRE_SEJOUR])
            partenaire = association
        elif accompagnement == Accompagnement.ATELIER:
            # The Ruche's own workshops, typed at the desk; the association's workshops
            # count their presents from the registrations, never typed here.
            theme = Theme.NUMERIQUE_AUTRE
        elif accompagnement == Accompagnement.AUTONOMIE and rng.random() < 0.5:
            theme = ""
        else:
            theme = _tirer(rng, THEMES)
        minute = rng.randrange(9 * 60, 17 * 60 + 30)
        quand = datetime.combine(jour, time(minute // 60, minute % 60), tzinfo=PARIS)
        visite = rng.random()
        yield Passage(
            quand=quand,
            accompagnement=accompagnement,
            theme=theme,
            partenaire=partenaire,
            tranche_age=_tirer(rng, AGES),
            premiere_visite=True if visite < 0.25 else (False if visite < 0.8 else None),
            auteur=auteur,
            # The log is generated place by place (charger_journal).
            lieu=lieu,
        )


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
        )
    ]
    Passage.objects.bulk_create(nouveaux, batch_size=2000)
    return len(nouveaux)
