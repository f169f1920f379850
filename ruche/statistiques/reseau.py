"""The files the networks ask for, built from the same figures as the dashboard.

- France Services: the visitors counted by month, place, operator, theme within it and
  outcome, from every source of the dashboard (sources.py), so that the file's total is the
  dashboard's total for the same period and places, historic totals and appointments
  included;
- the digital-mediation activity: one row per accompaniment (a visit of the conseiller
  numérique, a desk-typed workshop, a visit with mediation details) or per workshop of an
  app above (registered with `@activites_mediation`), in the field names of the mediation
  network's activity report.

Every column is documented in docs/reseau.md. No name, no free text about a person: codes,
counts and anonymous bands only.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.formats import PARIS
from ruche.models import DetailsMediation, Lieu, Operateur, Passage, ThemeOperateur
from ruche.models.france_services import Issue, Transmission
from ruche.models.mediation import (
    Autonomie,
    Genre,
    Materiel,
    StructureRedirection,
    Suite,
    ThematiqueMediation,
    TrancheAgeMediation,
    TypeMediation,
)
from ruche.models.passage import Accompagnement, Theme
from ruche.statistiques.sections import aux_lieux
from ruche.statistiques.sources import collecter

NON_RENSEIGNE = "non_renseigne"
# A visit typed before the operators whose old theme named none (kept, never guessed).
NON_RATTACHE = "non_rattache"

COLONNES_FRANCE_SERVICES = (
    "mois",
    "lieu_id",
    "lieu",
    "operateur_code",
    "operateur",
    "theme_code",
    "theme",
    "issue",
    "transmission",
    "ancien_theme",
    "nombre",
)


def _mois(mois, annee):
    """ "2025-03"; a historic total of a whole year has no month: "2023"."""
    return f"{mois:%Y-%m}" if mois else str(annee)


def lignes_france_services(periode, *, lieux=None):
    """[{column: value}] of the France Services file, sorted by month, place, operator,
    theme, outcome. Four queries beside the sources' (places, operators, themes)."""
    compte = Counter()
    for ligne in collecter(periode, lieux):
        if not ligne.nombre:
            continue
        ancien = ligne.theme if ligne.operateur_id is None else ""
        cle = (
            ligne.mois,
            ligne.lieu_id,
            ligne.operateur_id,
            ligne.theme_operateur_id,
            ligne.issue,
            ligne.transmission,
            ancien,
        )
        compte[cle] += ligne.nombre
    noms_lieux = dict(Lieu.objects.values_list("pk", "nom"))
    operateurs = {o.pk: o for o in Operateur.objects.all()}
    themes = {t.pk: t for t in ThemeOperateur.objects.all()}
    anciens = dict(Theme.choices)
    rangees = []
    for (mois, lieu_id, op_id, theme_id, issue, transmission, ancien), nombre in compte.items():
        operateur, theme = operateurs.get(op_id), themes.get(theme_id)
        if operateur is not None:
            code_op, nom_op = operateur.code, operateur.nom
        elif ancien:
            code_op, nom_op = NON_RATTACHE, _("Non rattaché à un opérateur")
        else:
            code_op, nom_op = NON_RENSEIGNE, _("Non renseigné")
        rangees.append(
            {
                "mois": _mois(mois, periode.debut.year),
                "lieu_id": lieu_id if lieu_id is not None else "",
                "lieu": noms_lieux.get(lieu_id, _("Non renseigné")),
                "operateur_code": code_op,
                "operateur": nom_op,
                "theme_code": theme.code if theme else NON_RENSEIGNE,
                "theme": theme.nom if theme else _("Non renseigné"),
                "issue": issue or NON_RENSEIGNE,
                "transmission": transmission,
                "ancien_theme": str(anciens.get(ancien, ancien)) if ancien else "",
                "nombre": nombre,
                # Sorting only: the operators' and themes' own order, not the alphabet.
                "_tri": (
                    mois or date(periode.debut.year, 1, 1),
                    noms_lieux.get(lieu_id, ""),
                    operateur.ordre if operateur else 10_000 + (0 if ancien else 1),
                    theme.ordre if theme else 10_000,
                    issue == "",
                    issue,
                    transmission,
                    ancien,
                ),
            }
        )
    rangees.sort(key=lambda r: r["_tri"])
    for rangee in rangees:
        del rangee["_tri"]
    return rangees


# --- Digital mediation -------------------------------------------------------------------

COLONNES_MEDIATION = (
    "id",
    "date",
    "lieu_id",
    "lieu",
    "type",
    "duree",
    "participants",
    "thematiques",
    "autonomie",
    "materiel",
    "oriente_vers_structure",
    "structure_de_redirection",
    "suivi",
    "beneficiaire_tranche_age",
    "beneficiaire_genre",
    "beneficiaire_commune",
)

# The values each column may hold (docs/reseau.md lists them with their labels).
VALEURS_MEDIATION = {
    "type": TypeMediation,
    "thematiques": ThematiqueMediation,
    "autonomie": Autonomie,
    "materiel": Materiel,
    "structure_de_redirection": StructureRedirection,
    "beneficiaire_tranche_age": TrancheAgeMediation,
    "beneficiaire_genre": Genre,
}
VALEURS_FRANCE_SERVICES = {"issue": Issue, "transmission": Transmission}
SEPARATEUR = "|"


@dataclass(frozen=True)
class ActiviteMediation:
    """One accompaniment of the mediation activity report; "" where nothing was said."""

    id: str
    date: date
    lieu_id: int | None
    type: str
    participants: int = 1
    duree: int | None = None
    thematiques: tuple = ()
    autonomie: str = ""
    materiel: tuple = ()
    suite: str = ""
    structure_de_redirection: str = ""
    tranche_age: str = ""
    genre: str = ""
    commune: str = ""


FOURNISSEURS_MEDIATION = []


def activites_mediation(fonction):
    """Registers `fonction(periode, *, lieux) -> [ActiviteMediation]` (an app above, from
    its AppConfig.ready(): the workshops it runs)."""
    FOURNISSEURS_MEDIATION.append(fonction)
    return fonction


# The kinds of the visitor log that are digital mediation whatever their details: the
# conseiller numérique and the workshops typed at the desk.
ACCOMPAGNEMENTS_MEDIATION = (Accompagnement.CNFS, Accompagnement.ATELIER)
TYPE_PAR_ACCOMPAGNEMENT = {
    Accompagnement.CNFS: TypeMediation.INDIVIDUEL,
    Accompagnement.ATELIER: TypeMediation.COLLECTIF,
}


def _du_journal(periode, lieux):
    """The visitor log's mediation visits: one query, details joined."""
    bas, haut = periode.bornes()
    passages = (
        Passage.objects.filter(quand__gte=bas, quand__lt=haut)
        .filter(Q(accompagnement__in=ACCOMPAGNEMENTS_MEDIATION) | Q(mediation__isnull=False))
        .filter(aux_lieux("lieu", lieux))
        .select_related("mediation")
        .order_by("quand", "pk")
    )
    activites = []
    for passage in passages:
        try:
            details = passage.mediation
        except DetailsMediation.DoesNotExist:
            details = None
        type_ = (details and details.type) or TYPE_PAR_ACCOMPAGNEMENT.get(
            passage.accompagnement, ""
        )
        activites.append(
            ActiviteMediation(
                id=f"passage-{passage.pk}",
                date=timezone.localtime(passage.quand, PARIS).date(),
                lieu_id=passage.lieu_id,
                type=type_,
                duree=details.duree_minutes if details else None,
                thematiques=tuple(details.thematiques) if details else (),
                autonomie=details.autonomie if details else "",
                materiel=tuple(details.materiel) if details else (),
                suite=details.suite if details else "",
                structure_de_redirection=details.structure_redirection if details else "",
                tranche_age=details.tranche_age if details else "",
                genre=details.genre if details else "",
                commune=details.commune if details else "",
            )
        )
    return activites


def activites_de(periode, *, lieux=None):
    """Every mediation accompaniment of the period at the places `lieux` (pks; None: all),
    by date."""
    activites = _du_journal(periode, lieux)
    for fonction in FOURNISSEURS_MEDIATION:
        activites.extend(fonction(periode, lieux=lieux))
    return sorted(activites, key=lambda a: (a.date, a.id))


def lignes_mediation(periode, *, lieux=None):
    """[{column: value}] of the mediation file, in the network's field names."""
    noms_lieux = dict(Lieu.objects.values_list("pk", "nom"))
    oui_non = {Suite.ORIENTE: "oui", Suite.TERMINE: "non", Suite.REVIENT: "non"}
    return [
        {
            "id": a.id,
            "date": a.date.isoformat(),
            "lieu_id": a.lieu_id if a.lieu_id is not None else "",
            "lieu": noms_lieux.get(a.lieu_id, ""),
            "type": a.type or NON_RENSEIGNE,
            "duree": a.duree if a.duree is not None else "",
            "participants": a.participants,
            "thematiques": SEPARATEUR.join(a.thematiques),
            "autonomie": a.autonomie,
            "materiel": SEPARATEUR.join(a.materiel),
            "oriente_vers_structure": oui_non.get(a.suite, ""),
            "structure_de_redirection": a.structure_de_redirection,
            "suivi": "oui" if a.suite == Suite.REVIENT else ("non" if a.suite else ""),
            "beneficiaire_tranche_age": a.tranche_age,
            "beneficiaire_genre": a.genre,
            "beneficiaire_commune": a.commune,
        }
        for a in activites_de(periode, lieux=lieux)
    ]


FICHIERS = {
    "france-services": (
        COLONNES_FRANCE_SERVICES,
        lignes_france_services,
        "France Services",
    ),
    "mediation-numerique": (COLONNES_MEDIATION, lignes_mediation, "Médiation numérique"),
}
