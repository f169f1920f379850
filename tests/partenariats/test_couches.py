"""The apps stand in layers: partenariats (conventions, committees) is below permanences
(what a convention allows), which registers itself into it from its AppConfig.ready()
(partenariats.services.fin.enregistrer_annuleur). A lower app never imports an upper one,
not even inside a function: the sources are read, not run."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# (lower app, the apps above it)
COUCHES = [("partenariats", ("permanences",))]


def modules_importes(fichier):
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield noeud.lineno, alias.name
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            yield noeud.lineno, noeud.module


@pytest.mark.parametrize(("app", "au_dessus"), COUCHES)
def test_a_lower_app_does_not_import_the_apps_above_it(app, au_dessus):
    racine = Path(settings.BASE_DIR)
    fautes = [
        f"{fichier.relative_to(racine)}:{ligne} {module}"
        for fichier in sorted((racine / app).rglob("*.py"))
        for ligne, module in modules_importes(fichier)
        if module.split(".")[0] in au_dessus
    ]
    assert fautes == []
