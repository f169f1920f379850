"""The apps stand in layers: `ruche`, the ground floor, owns the tenants (places,
organisations, accounts); `partenariats` (conventions, committees) stands on it;
`permanences` (what a convention allows) on both; `passerelles` (the API and its gateways) on
top. An upper app registers itself into a lower one from its AppConfig.ready() (what ruche
asks is listed in ruche.registres; partenariats.services.fin.enregistrer_annuleur…). A lower
app never imports an upper one, not even inside a function, nor by a module path given to
import_module or import_string: the sources are read, not run."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# (lower app, the apps above it)
COUCHES = [
    ("ruche", ("partenariats", "permanences", "passerelles")),
    ("partenariats", ("permanences", "passerelles")),
    ("permanences", ("passerelles",)),
]
# The files that put the floors together: the root URL conf includes every app's addresses,
# the demo loader fills every app. The migrations name the models of their time.
ASSEMBLAGE = {"ruche/urls.py", "ruche/demo.py"}
IMPORTS_PAR_CHAINE = {"import_module", "import_string", "__import__"}


def modules_importes(fichier):
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield noeud.lineno, alias.name
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            yield noeud.lineno, noeud.module
        elif isinstance(noeud, ast.Call) and noeud.args:
            fonction = noeud.func
            nom = getattr(fonction, "id", None) or getattr(fonction, "attr", None)
            premier = noeud.args[0]
            if nom in IMPORTS_PAR_CHAINE and isinstance(premier, ast.Constant):
                yield noeud.lineno, str(premier.value)


def fautes(app, au_dessus):
    racine = Path(settings.BASE_DIR)
    return [
        f"{chemin}:{ligne} {module}"
        for fichier in sorted((racine / app).rglob("*.py"))
        if (chemin := fichier.relative_to(racine).as_posix()) not in ASSEMBLAGE
        and "migrations" not in fichier.parts
        for ligne, module in modules_importes(fichier)
        if module.split(".")[0] in au_dessus
    ]


@pytest.mark.parametrize(("app", "au_dessus"), COUCHES)
def test_a_lower_app_does_not_import_the_apps_above_it(app, au_dessus):
    assert fautes(app, au_dessus) == []


def test_the_check_sees_an_import_inside_a_function_and_by_name(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "ruche").mkdir()
    (tmp_path / "ruche" / "vue.py").write_text(
        "def accueil():\n"
        "    from partenariats.selecteurs.lieux import partenaires_du_lieu\n"
        "    return import_string('permanences.models.Demarche')\n",
        encoding="utf-8",
    )
    assert fautes("ruche", ("partenariats", "permanences")) == [
        "ruche/vue.py:2 partenariats.selecteurs.lieux",
        "ruche/vue.py:3 permanences.models.Demarche",
    ]


def fichier_du_module(racine, module, nom=None):
    """The file of `module` (or of its submodule `nom`, for `from package import nom`)."""
    base = racine.joinpath(*module.split("."))
    candidats = [base / f"{nom}.py", base / nom / "__init__.py"] if nom else []
    candidats += [base.with_suffix(".py"), base / "__init__.py"]
    return next((c for c in candidats if c.is_file()), None)


def dependances(racine, fichier):
    """The files of the same tree `fichier` imports, at module or function level."""
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            cibles = [(alias.name, None) for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            cibles = [(noeud.module, alias.name) for alias in noeud.names]
        else:
            continue
        for module, nom in cibles:
            if (cible := fichier_du_module(racine, module, nom)) is not None and cible != fichier:
                yield cible


def cercles(app):
    """The circles of imports between the files of `app` (migrations aside), each as the
    sorted list of its files."""
    racine = Path(settings.BASE_DIR)
    fichiers = [f for f in sorted((racine / app).rglob("*.py")) if "migrations" not in f.parts]
    graphe = {f: set(dependances(racine, f)) & set(fichiers) for f in fichiers}
    # Tarjan's strongly connected components.
    indices, bas, pile, sur_pile, trouves = {}, {}, [], set(), []

    def visiter(f):
        indices[f] = bas[f] = len(indices)
        pile.append(f)
        sur_pile.add(f)
        for g in graphe[f]:
            if g not in indices:
                visiter(g)
                bas[f] = min(bas[f], bas[g])
            elif g in sur_pile:
                bas[f] = min(bas[f], indices[g])
        if bas[f] == indices[f]:
            composante = []
            while True:
                g = pile.pop()
                sur_pile.discard(g)
                composante.append(g.relative_to(racine).as_posix())
                if g == f:
                    break
            if len(composante) > 1:
                trouves.append(sorted(composante))

    for f in fichiers:
        if f not in indices:
            visiter(f)
    return trouves


def test_the_ground_floor_has_no_circle_of_imports():
    """A model imports the place and access rules it is built on; those reach the models
    through the app registry, never by importing them (ruche.perimetre, ruche.portees)."""
    assert cercles("ruche") == []


def test_the_circle_check_sees_a_circle_through_a_function(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "ruche" / "models").mkdir(parents=True)
    (tmp_path / "ruche" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "ruche" / "models" / "__init__.py").write_text(
        "from ruche.models.lieu import Lieu\n", encoding="utf-8"
    )
    (tmp_path / "ruche" / "models" / "lieu.py").write_text(
        "from ruche.perimetre import DuLieuQuerySet\n", encoding="utf-8"
    )
    (tmp_path / "ruche" / "perimetre.py").write_text(
        "def visibles():\n    from ruche.models import Lieu\n", encoding="utf-8"
    )
    assert cercles("ruche") == [
        ["ruche/models/__init__.py", "ruche/models/lieu.py", "ruche/perimetre.py"]
    ]
