"""The sections that other apps feed into the dashboard and the committee's report.

`ruche` does not import the apps that feed its statistics: each app registers what it
brings from its AppConfig.ready(), in its own `statistiques` module:
- visitor figures, with `@source` (sources.py): they are counted in every visitor table;
- sections, with `@section(...)`: a function `(periode, *, organisations) -> contenu` where
  `contenu` has `tableaux()`, or is None when there is nothing to show ("Pas encore de
  données"). `organisations` are the ids the committee's report covers (None: all);
- the state of the convention a year's committee reviews, with `@etat_convention`.

A new source of figures (the workshops of another partner, a second site) plugs in here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Section:
    cle: str
    titre: str
    titre_rapport: str
    fournir: Callable
    note_rapport: str = ""
    # The report names the partners of the convention after the title.
    titre_avec_partenaires: bool = False
    # Sections show by `ordre`, then in the order they were registered.
    ordre: int = 0
    # False: the committee's report shows it inside its Article 2 section, commitment by
    # commitment (`bilan_engagements`), not as a section of its own.
    dans_rapport: bool = True


@dataclass(frozen=True)
class SectionRemplie:
    """A section with what it holds for a period: `contenu` is None when there is nothing."""

    section: Section
    contenu: object

    def tableaux(self):
        return self.contenu.tableaux() if self.contenu is not None else []


SECTIONS = {}
ETATS_CONVENTION = []
BILANS_ENGAGEMENTS = []


def section(
    cle,
    *,
    titre,
    titre_rapport,
    note_rapport="",
    titre_avec_partenaires=False,
    ordre=0,
    dans_rapport=True,
):
    """Registers a section of the dashboard and the report, shown by `ordre` then in the
    order of registration."""

    def enregistrer(fournir):
        SECTIONS[cle] = Section(
            cle,
            titre,
            titre_rapport,
            fournir,
            note_rapport,
            titre_avec_partenaires,
            ordre,
            dans_rapport,
        )
        return fournir

    return enregistrer


def bilan_engagements(fonction):
    """Registers the function `(annee, *, convention_pk) -> [lists of commitments]` that
    gives the committee's report its Article 2 section: every commitment of each party
    with its figures; there is one at most."""
    BILANS_ENGAGEMENTS[:] = [fonction]
    return fonction


def engagements_de(annee, *, convention_pk):
    """The Article 2 section of the report of the convention `convention_pk` for the year,
    or None (no app tells it)."""
    if not BILANS_ENGAGEMENTS or convention_pk is None:
        return None
    return BILANS_ENGAGEMENTS[0](annee, convention_pk=convention_pk)


def etat_convention(fonction):
    """Registers the function `(annee, *, convention_pk=None, lieux=None, organisation=None)`
    that says the state of the convention a year's committee reviews; there is one at most."""
    ETATS_CONVENTION[:] = [fonction]
    return fonction


def tout_le_reseau(lieux):
    """True when the places `lieux` (pks; None: every place) are every place of the network:
    then nothing needs filtering by place (a thousand places make a long IN list)."""
    if lieux is None:
        return True
    from ruche.perimetre import tous_les_lieux

    return set(lieux) >= set(tous_les_lieux())


def remplir(periode, *, organisations=None, lieux=None):
    """Every registered section with its content for the period, at the places `lieux`
    (pks; None: every place)."""
    if tout_le_reseau(lieux):
        lieux = None
    return [
        SectionRemplie(s, s.fournir(periode, organisations=organisations, lieux=lieux))
        for s in sorted(SECTIONS.values(), key=lambda s: s.ordre)
    ]


def convention_de(annee, *, convention_pk=None, lieux=None, organisation=None):
    """The state of the convention reviewed that year at the places `lieux` (pks; None:
    every place), among those `organisation` (an id) is a party to when given, or None
    (no app tells it)."""
    if not ETATS_CONVENTION:
        return None
    return ETATS_CONVENTION[0](
        annee, convention_pk=convention_pk, lieux=lieux, organisation=organisation
    )


def aux_lieux(chemin, lieux):
    """The filter of a section's query on the places `lieux` (None: no filter)."""
    return Q() if lieux is None else Q(**{f"{chemin}__in": lieux})


def taux(partie, tout):
    """`partie` in % of `tout`, one decimal; None when `tout` is zero."""
    return round(100 * partie / tout, 1) if tout else None


def nom_court(sigle, nom):
    return sigle or nom


def ligne_total(rangees, colonnes):
    """The "Total" row of a table: the sums of the given columns."""
    return [_("Total"), *(sum(r[i] for r in rangees) for i in colonnes)]
