"""The tables of the statistics, built in Python from the sources' aggregated rows.

Every visitor table has the same total: a row that has no month, kind, theme or partner is
never dropped, it goes to its own line ("Non ventilé", "Non précisée", "Mois non précisé").
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ruche.models.passage import Accompagnement


@dataclass
class Tableau:
    """A table as shown, exported and printed: `colonnes[0]` heads the row labels."""

    cle: str
    titre: str
    colonnes: list
    rangees: list
    total: list | None = None
    # True when columns 1 and 2 are this period and the previous one (then it has a chart).
    comparatif: bool = False
    notes: list = field(default_factory=list)
    # What a phone's card calls each value of the total row, when not its column's name
    # (a count of committees held sits under "État" on a wide table).
    etiquettes_total: list | None = None

    @property
    def rangees_etiquetees(self):
        """Each row as (column, value) pairs: on a phone a row is a card that names each
        value, as its column header is out of sight."""
        return [list(zip(self.colonnes, rangee, strict=False)) for rangee in self.rangees]

    @property
    def total_etiquete(self):
        if not self.total:
            return None
        return list(zip(self.etiquettes_total or self.colonnes, self.total, strict=False))

    def graphique(self):
        """The data the browser's chart and the PDF's bars need."""
        return {
            "titre": self.titre,
            "libelles": [str(rangee[0]) for rangee in self.rangees],
            "series": [
                {"libelle": str(self.colonnes[i]), "valeurs": [r[i] for r in self.rangees]}
                for i in (1, 2)
            ],
        }


def _somme(lignes, cle):
    compteur = Counter()
    for ligne in lignes:
        compteur[cle(ligne)] += ligne.nombre
    return compteur


def _tableau(cle, titre, entete, periode, cles_libelles, actuel, precedent):
    rangees = [[libelle, actuel[c], precedent[c]] for c, libelle in cles_libelles]
    total = [_("Total"), sum(actuel.values()), sum(precedent.values())]
    colonnes = [entete, periode.entete, periode.precedente().entete]
    return Tableau(cle, titre, colonnes, rangees, total, comparatif=True)


# The operator lines of a visit without one: its old theme named none (kept, not guessed),
# or nothing was said.
SANS_OPERATEUR_ANCIEN_THEME = "ancien_theme"
SANS_OPERATEUR = None


def cle_operateur(ligne):
    """The operator line a row of visitors goes to (see SANS_OPERATEUR_*)."""
    if ligne.operateur_id is not None:
        return ligne.operateur_id
    return SANS_OPERATEUR_ANCIEN_THEME if ligne.theme else SANS_OPERATEUR


def lignes_operateurs(operateurs, presents):
    """[(key, label)] of the operator table: the operators offered and any other one that
    has visitors, then the two lines without an operator. `operateurs`: [(pk, name,
    offered)] in display order."""
    lignes = [(pk, nom) for pk, nom, actif in operateurs if actif or pk in presents]
    # A row of an operator the list does not hold still counts, under its number.
    connus = {pk for pk, _nom, _actif in operateurs}
    autres = {pk for pk in presents if isinstance(pk, int)} - connus
    lignes.extend((pk, f"#{pk}") for pk in sorted(autres))
    lignes.append((SANS_OPERATEUR_ANCIEN_THEME, _("Non rattaché à un opérateur (ancien thème)")))
    lignes.append((SANS_OPERATEUR, _("Opérateur non précisé")))
    return lignes


def tableaux_visiteurs(periode, lignes, lignes_precedentes, noms_partenaires, operateurs=()):
    """The four visitor tables: by kind of support, France Services operator, partner and
    month. `operateurs`: [(pk, name, offered)] in display order."""

    def par(cle):
        return _somme(lignes, cle), _somme(lignes_precedentes, cle)

    accompagnements = [*Accompagnement.choices, ("", _("Non ventilé"))]
    actuel_op, precedent_op = par(cle_operateur)
    themes = lignes_operateurs(operateurs, {*actuel_op, *precedent_op})

    actuel, precedent = par(lambda ligne: ligne.partenaire_id)
    presents = {c for c in [*actuel, *precedent] if c is not None}
    partenaires = sorted(
        ((pk, noms_partenaires.get(pk, "?")) for pk in presents), key=lambda p: p[1]
    )
    partenaires.append((None, _("Sans partenaire ou non précisé")))
    tableau_partenaires = _tableau(
        "partenaire",
        _("Visiteurs par partenaire"),
        _("Partenaire"),
        periode,
        partenaires,
        actuel,
        precedent,
    )

    actuel = _somme(lignes, lambda ligne: ligne.mois)
    # A month of the previous period is compared with the same month one year later.
    precedent = _somme(
        lignes_precedentes,
        lambda ligne: ligne.mois.replace(year=ligne.mois.year + 1) if ligne.mois else None,
    )
    format_mois = "F" if periode.debut.year == periode.fin.year else "F Y"
    mois = [(m, date_format(m, format_mois).capitalize()) for m in periode.mois()]
    if actuel[None] or precedent[None]:
        mois.append((None, _("Mois non précisé (total annuel)")))
    tableau_mois = _tableau(
        "mois", _("Visiteurs par mois"), _("Mois"), periode, mois, actuel, precedent
    )

    return [
        _tableau(
            "accompagnement",
            _("Visiteurs par type d'accompagnement"),
            _("Type d'accompagnement"),
            periode,
            accompagnements,
            *par(lambda ligne: ligne.accompagnement),
        ),
        _tableau(
            "operateur",
            _("Visiteurs par opérateur France Services"),
            _("Opérateur"),
            periode,
            themes,
            actuel_op,
            precedent_op,
        ),
        tableau_partenaires,
        tableau_mois,
    ]
