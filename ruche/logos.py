"""The partners' logos (Article 5) on every PDF and report (the page header asks for them
at fixed addresses, partenariats:logo_entete, so rendering it costs no query).

`ruche` does not know the organisations: the app that keeps them registers, from its
AppConfig.ready(), the function that gives the logos (`@fournisseur`). Without one, or for a
partner that uploaded none, the drawn placeholders of `static/img/` are shown.
"""

from dataclasses import dataclass

from django.templatetags.static import static


@dataclass(frozen=True)
class Logo:
    alt: str
    web: str  # the address a browser loads
    pdf: str  # the address WeasyPrint loads (/static/ or /media/, read from disk)


def dessin(nom_fichier, alt):
    """A drawn placeholder from static/img/."""
    adresse = static(f"img/{nom_fichier}")
    return Logo(alt=alt, web=adresse, pdf=adresse)


def par_defaut():
    return [
        dessin("logo-ruche.svg", "La Ruche numérique, Ville de Bagnols-sur-Cèze"),
        dessin("logo-avaqbc.svg", "Association A.V.A.Q.B-C"),
    ]


_FOURNISSEURS = []


def fournisseur(fonction):
    """Registers `fonction(convention=None, jour=None) -> [Logo]`: the logos of a
    convention's parties, or (None) those of the Ruche and the partners in force on the
    document's day `jour` (today by default); there is one at most."""
    _FOURNISSEURS[:] = [fonction]
    return fonction


def logos(convention=None, jour=None):
    if not _FOURNISSEURS:
        return par_defaut()
    return _FOURNISSEURS[0](convention, jour) or par_defaut()
