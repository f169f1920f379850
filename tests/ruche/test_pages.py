import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PUBLIC_PAGES = ["accueil", "accessibilite", "donnees_personnelles", "login", "password_reset"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_french_and_accessible_structure(client, association_en_vigueur, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert 'href="#contenu"' in html  # skip link
    assert '<main id="contenu"' in html
    assert reverse("accessibilite") in html
    # Both partners' logos, at fixed addresses (tests/partenariats/test_logos.py), while the
    # association's convention is in force (tests/partenariats/test_fin_cote_public.py).
    for place in ("ruche", "partenaire"):
        assert reverse("partenariats:logo_entete", args=[place]) in html


def test_home_says_what_is_offered(client, association_en_vigueur):
    html = client.get("/").content.decode()
    for words in ["retraite", "titre de séjour", "ateliers", "Prendre rendez-vous"]:
        assert words in html


@pytest.mark.django_db
def test_no_inline_script_or_style_and_strict_csp(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Cette page n'existe pas" in response.content.decode()


def test_settings_are_french_and_in_paris():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "/dev/null",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "ruche.example.fr",
        "SITE_URL": "https://ruche.example.fr",
        "HTTPS": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_without_debug(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ENV_FILE": "/dev/null", "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("chemin", ["/", "/rendez-vous/", "/connexion/", "/sante/", "/inconnue/"])
def test_a_host_not_allowed_answers_400_not_500(client, db, chemin):
    """The error page was rendered before the authentication middleware had run, and the
    menu read the missing request.user: every path answered 500."""
    response = client.get(chemin, HTTP_HOST="pas-autorise.example")
    assert response.status_code == 400
    assert "<html" in response.content.decode()
