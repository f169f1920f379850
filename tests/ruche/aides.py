"""Helpers shared by the statistics tests."""

from ruche.statistiques.requetes import statistiques
from tests.pdf import pdf_text

ESPACES = str.maketrans({"\xa0": " ", "\u202f": " "})


def texte(contenu):
    """A PDF's text on one line, non-breaking spaces as plain spaces."""
    return " ".join(" ".join(pdf_text(contenu)).translate(ESPACES).split())


def verifier_totaux(periode, attendu):
    """Every visitor table adds up to its total, which is `attendu(p)` for the period and
    for the previous one."""
    for tableau in statistiques(periode).visiteurs:
        assert sum(rangee[1] for rangee in tableau.rangees) == tableau.total[1]
        assert sum(rangee[2] for rangee in tableau.rangees) == tableau.total[2]
        assert tableau.total[1] == attendu(periode)
        assert tableau.total[2] == attendu(periode.precedente())
