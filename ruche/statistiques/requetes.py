"""The figures of a period, with the previous year beside them.

The number of queries does not depend on the number of visits: one aggregated query per
source and period (see sources.py), one for the partners' names, and whatever the
sections the apps register need (sections.py).
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from ruche.models import Operateur, Organisation
from ruche.statistiques import sections
from ruche.statistiques.sources import collecter
from ruche.statistiques.tableaux import tableaux_visiteurs


@dataclass
class Statistiques:
    periode: object
    visiteurs: list
    sections: list  # of SectionRemplie, in the order the apps registered them

    @property
    def precedente(self):
        return self.periode.precedente()

    @property
    def total(self):
        return self.visiteurs[0].total[1] if self.visiteurs else 0

    @property
    def total_precedent(self):
        return self.visiteurs[0].total[2] if self.visiteurs else 0

    def tableaux(self):
        """Every table of the page, in order: visitors, then the sections'."""
        tableaux = list(self.visiteurs)
        for section in self.sections:
            tableaux.extend(section.tableaux())
        return tableaux

    def tableau(self, cle):
        return next((t for t in self.tableaux() if t.cle == cle), None)


def noms_partenaires(ids):
    if not ids:
        return {}
    return {
        pk: sigle or nom
        for pk, sigle, nom in Organisation.objects.filter(pk__in=ids).values_list(
            "pk", "sigle", "nom"
        )
    }


# The visitors of partners a partner's representative may not read about, on one line.
AUTRES_PARTENAIRES = -1


def _vues_par(lignes, partenaire, nommes):
    if partenaire is not None:
        return [ligne for ligne in lignes if ligne.partenaire_id == partenaire]
    if nommes is None:
        return lignes
    return [
        ligne
        if ligne.partenaire_id is None or ligne.partenaire_id in nommes
        else replace(ligne, partenaire_id=AUTRES_PARTENAIRES)
        for ligne in lignes
    ]


def visiteurs(periode, *, lieux=None, partenaire=None, nommes=None):
    """The visitor figures (every source, every organisation) of the places `lieux` (pks;
    None: every place), without the providers' sections.

    Read by a partner: `partenaire` (an id) keeps the visitors received by that partner
    only, its own activity; `nommes` (ids) names only these partners, the visitors of the
    others counted on one line ("Autres partenaires")."""
    # The tables do not show places: the sources add them up (a few hundred rows a year).
    lignes = _vues_par(collecter(periode, lieux, par_lieu=False), partenaire, nommes)
    lignes_precedentes = _vues_par(
        collecter(periode.precedente(), lieux, par_lieu=False), partenaire, nommes
    )
    ids = {ligne.partenaire_id for ligne in [*lignes, *lignes_precedentes]}
    ids.discard(None)
    noms = noms_partenaires(ids - {AUTRES_PARTENAIRES})
    if AUTRES_PARTENAIRES in ids:
        noms[AUTRES_PARTENAIRES] = _("Autres partenaires")
    return Statistiques(
        periode=periode,
        visiteurs=tableaux_visiteurs(
            periode,
            lignes,
            lignes_precedentes,
            noms,
            list(Operateur.objects.values_list("pk", "nom", "actif")),
        ),
        sections=[],
    )


def statistiques(periode, *, organisations=None, lieux=None, partenaire=None, nommes=None):
    """The visitor figures (`visiteurs`) and the providers' sections, the latter for the
    `organisations` given (ids; None: all)."""
    return replace(
        visiteurs(periode, lieux=lieux, partenaire=partenaire, nommes=nommes),
        sections=sections.remplir(periode, organisations=organisations, lieux=lieux),
    )
