"""One access rule: every view of the volunteers' space reads the models that belong to an
organisation through `visibles_par(utilisateur)` (ruche/perimetre.py).

The views are read, not run: a query of such a model that does not go through the rule
(`Modele.objects.filter(...)`, `get_object_or_404(Modele, ...)`) fails the suite wherever
it stands, in a view that no other test reaches too.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from ruche.perimetre import PerimetreQuerySet

VUES = Path(settings.BASE_DIR) / "permanences" / "views"
# Pages whose key is a secret link, not a login: the residents' booking and workshops.
PUBLIQUES = {"rendezvous.py", "ateliers.py"}
RACCOURCIS = {"get_object_or_404", "get_list_or_404"}


def modeles_perimetres():
    return {
        modele.__name__
        for modele in apps.get_models()
        if issubclass(
            getattr(modele._default_manager, "_queryset_class", object), PerimetreQuerySet
        )
    }


def hors_regle(source, modeles):
    """The lines of `source` that query one of `modeles` without `visibles_par`."""
    arbre = ast.parse(source)
    parents = {enfant: noeud for noeud in ast.walk(arbre) for enfant in ast.iter_child_nodes(noeud)}
    lignes = []
    for noeud in ast.walk(arbre):
        if (
            isinstance(noeud, ast.Attribute)
            and noeud.attr == "objects"
            and isinstance(noeud.value, ast.Name)
            and noeud.value.id in modeles
        ):
            chaine, courant = [], noeud
            while True:
                parent = parents.get(courant)
                if isinstance(parent, ast.Attribute) and parent.value is courant:
                    chaine.append(parent.attr)
                elif not (isinstance(parent, ast.Call) and parent.func is courant):
                    break
                courant = parent
            if "visibles_par" not in chaine:
                lignes.append(noeud.lineno)
        if (
            isinstance(noeud, ast.Call)
            and isinstance(noeud.func, ast.Name)
            and noeud.func.id in RACCOURCIS
            and noeud.args
            and isinstance(noeud.args[0], ast.Name)
            and noeud.args[0].id in modeles
        ):
            lignes.append(noeud.lineno)
    return sorted(lignes)


def test_the_scoped_models_are_known():
    assert {
        "Occurrence",
        "RendezVous",
        "ReservationSalle",
        "Atelier",
        "Inscription",
    } <= modeles_perimetres()


@pytest.mark.parametrize(
    "fichier", sorted(p.name for p in VUES.glob("*.py") if p.name not in PUBLIQUES)
)
def test_every_view_of_the_space_reads_through_the_rule(fichier):
    source = (VUES / fichier).read_text()
    assert hors_regle(source, modeles_perimetres()) == []


def test_a_query_outside_the_rule_is_caught():
    source = """
def vue(request, pk):
    a = RendezVous.objects.visibles_par(request.user).filter(pk=pk)
    b = Occurrence.objects.select_related("x").visibles_par(request.user).first()
    c = RendezVous.objects.filter(pk=pk).first()
    d = get_object_or_404(Occurrence, pk=pk)
    e = Demarche.objects.all()
"""
    assert hors_regle(source, {"RendezVous", "Occurrence"}) == [5, 6]
