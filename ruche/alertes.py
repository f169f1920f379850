"""The alerts of the staff's day board, fed by the apps that know what needs attention.

`ruche` does not import the apps that feed it: each app registers its alerts from its
AppConfig.ready(), in its own `alertes` module:

    from ruche.alertes import Alerte, fournisseur

    @fournisseur("listes_attente", ordre=40)
    def listes_attente(utilisateur, jour):
        return [Alerte(titre=..., lien=..., detail=...)]

A provider takes the person who looks and the day, and returns a list (empty when all is
well). It must run a fixed number of queries, whatever the data: the board's query count is
tested. `ordre` sorts the providers (lower first); a second registration under the same name
replaces the first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext

from ruche.models import EnvoiEchoue
from ruche.roles import is_personnel


@dataclass(frozen=True)
class Alerte:
    titre: str
    # Where to act on it (a path of the site); empty when there is nowhere to go.
    lien: str = ""
    detail: str = ""
    # "attention" needs someone today; "info" can wait.
    niveau: str = "attention"


@dataclass(frozen=True)
class Fournisseur:
    nom: str
    ordre: int
    fournir: Callable


FOURNISSEURS: dict[str, Fournisseur] = {}


def fournisseur(nom, *, ordre=100):
    """Registers `fonction(utilisateur, jour) -> list[Alerte]` under `nom`."""

    def enregistrer(fonction):
        FOURNISSEURS[nom] = Fournisseur(nom, ordre, fonction)
        return fonction

    return enregistrer


def alertes_du_jour(utilisateur, jour):
    """Every registered provider's alerts for that person and day, urgent ones first."""
    alertes = []
    for f in sorted(FOURNISSEURS.values(), key=lambda f: (f.ordre, f.nom)):
        alertes.extend(f.fournir(utilisateur, jour))
    return sorted(alertes, key=lambda a: a.niveau != "attention")


@fournisseur("envois_echoues", ordre=30)
def envois_echoues(utilisateur, jour):
    """Mail and text messages that failed for good wait for the staff (one query)."""
    if not is_personnel(utilisateur):
        return []
    nombre = EnvoiEchoue.objects.echoues().count()
    if not nombre:
        return []
    return [
        Alerte(
            titre=ngettext(
                "%(n)s message n'est pas parti.", "%(n)s messages ne sont pas partis.", nombre
            )
            % {"n": nombre},
            detail=ngettext(
                "Renvoyez-le ou prévenez la personne autrement.",
                "Renvoyez-les ou prévenez les personnes autrement.",
                nombre,
            ),
            lien=reverse("admin:ruche_envoiechoue_changelist"),
        )
    ]
