"""The gateways stand on every app and no app stands on them: only the project's URL map
(ruche/urls.py) names them. They hear the apps through ruche.evenements and show their
login button through ruche.connexion, both filled from their AppConfig.ready()."""

from pathlib import Path

from django.conf import settings

from tests.partenariats.test_couches import modules_importes

PERMIS = {"ruche/urls.py"}


def test_no_app_imports_the_gateways():
    racine = Path(settings.BASE_DIR)
    fautes = [
        f"{fichier.relative_to(racine)}:{ligne} {module}"
        for app in ("ruche", "partenariats", "permanences")
        for fichier in sorted((racine / app).rglob("*.py"))
        if str(fichier.relative_to(racine)) not in PERMIS
        for ligne, module in modules_importes(fichier)
        if module.split(".")[0] == "passerelles"
    ]
    assert fautes == []
