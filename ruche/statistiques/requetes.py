"""The figures of a period, with the previous year beside them.

The number of queries does not depend on the number of visits: one aggregated query per
source and period (see sources.py), one for the partners' names, and whatever the
sections the apps register need (sections.py).
"""

from dataclasses import dataclass

from partenariats.models import Organisation
from ruche.models import Operateur
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
        return self.visiteurs[0].total[1]

    @property
    def total_precedent(self):
        return self.visiteurs[0].total[2]

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


def statistiques(periode, *, organisations=None, lieux=None):
    """The visitor figures (every source, every organisation) of the places `lieux` (pks;
    None: every place) and the providers' sections, the latter for the `organisations`
    given (ids; None: all)."""
    lignes = collecter(periode, lieux)
    lignes_precedentes = collecter(periode.precedente(), lieux)
    ids = {ligne.partenaire_id for ligne in [*lignes, *lignes_precedentes]}
    ids.discard(None)
    return Statistiques(
        periode=periode,
        visiteurs=tableaux_visiteurs(
            periode,
            lignes,
            lignes_precedentes,
            noms_partenaires(ids),
            list(Operateur.objects.values_list("pk", "nom", "actif")),
        ),
        sections=sections.remplir(periode, organisations=organisations, lieux=lieux),
    )
