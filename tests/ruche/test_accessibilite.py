"""The accessibility statement after the RGAA's model: "non conforme" until an audit is
recorded, then the status its rate gives, in the statement and in every footer; the plans,
a contact, the Défenseur des droits, the tools of the automatic checks."""

import datetime as dt
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from ruche import accessibilite
from ruche.models import AuditAccessibilite, PlanAccessibilite
from ruche.models.accessibilite import StatutConformite, statut_conformite

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_vide():
    """Whole public pages are cached by the data's version, which a rolled-back test gives
    back: start each test from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("taux", "statut"),
    [
        (None, StatutConformite.NON),
        (Decimal("0"), StatutConformite.NON),
        (Decimal("49.99"), StatutConformite.NON),
        (Decimal("50"), StatutConformite.PARTIELLE),
        (Decimal("99.99"), StatutConformite.PARTIELLE),
        (Decimal("100"), StatutConformite.TOTALE),
    ],
)
def test_the_status_follows_the_rate_as_the_rgaa_says(taux, statut):
    assert statut_conformite(taux) == statut


def pied(html):
    return html.split("</main>")[1]


def page(client, url="/accessibilite/"):
    return client.get(url).content.decode().replace("&#x27;", "'")


def test_without_an_audit_the_site_says_non_conforme(client):
    html = page(client)
    assert "Ce site est <strong>non conforme</strong>" in html
    assert "Aucun audit n'a encore été fait" in html
    assert "Accessibilité : non conforme" in pied(html)
    assert "partiellement" not in html
    assert "Accessibilité : non conforme" in pied(page(client, "/"))


def audit(**valeurs):
    donnees = {
        "date": dt.date(2027, 3, 4),
        "auditeur": "Cabinet Exemple Accessibilité",
        "taux": Decimal("62.5"),
        "pages": "Accueil /\nPrendre rendez-vous /rendez-vous/",
        "environnement": "NVDA 2024.4 et Firefox 128\nVoiceOver et Safari 17",
        "non_conformites": "Le calendrier du mois se lit mal au lecteur d'écran.",
    }
    donnees.update(valeurs)
    return AuditAccessibilite.objects.create(**donnees)


def test_an_audit_recorded_gives_its_status_to_the_statement_and_every_footer(client):
    client.get("/")  # a footer cached before the audit
    audit()
    html = page(client)
    assert "Ce site est <strong>partiellement conforme</strong>" in html
    assert "L'audit du 4 mars 2027 montre que 62,5 % des critères du RGAA" in html
    assert "Cabinet Exemple Accessibilité" in html
    assert "<li>Prendre rendez-vous /rendez-vous/</li>" in html
    assert "<li>VoiceOver et Safari 17</li>" in html
    assert "Le calendrier du mois se lit mal" in html
    assert "Accessibilité : partiellement conforme" in pied(html)
    assert "Accessibilité : partiellement conforme" in pied(page(client, "/"))
    audit(date=dt.date(2027, 9, 1), taux=Decimal("100"))
    assert "Accessibilité : totalement conforme" in pied(page(client, "/"))
    audit(date=dt.date(2028, 1, 10), taux=Decimal("31"))
    html = page(client)
    assert "Ce site est <strong>non conforme</strong>" in html


def test_the_statement_gives_plans_contact_recourse_and_tools(client, settings):
    settings.RUCHE_STAFF_EMAIL = "accessibilite@bagnols.fr"
    html = page(client)
    assert html.count("Il n'est pas encore publié.") == 2
    assert 'href="mailto:accessibilite@bagnols.fr"' in html
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert f"axe-core {accessibilite.AXE_CORE}" in html
    assert f"Playwright {accessibilite.PLAYWRIGHT}" in html
    # Every role the browser tests check with axe, the partners' and the network's too.
    assert "représentants des partenaires, coordination du réseau." in html
    annee = dt.date.today().year
    PlanAccessibilite.objects.create(
        nature=PlanAccessibilite.Nature.PLURIANNUEL,
        debut=annee,
        fin=annee + 2,
        actions="Faire auditer le site\nRendre les PDF accessibles",
    )
    PlanAccessibilite.objects.create(
        nature=PlanAccessibilite.Nature.ANNUEL, debut=annee, fin=annee, actions="Audit complet"
    )
    html = page(client)
    assert "Il n'est pas encore publié." not in html
    assert f"De {annee} à {annee + 2} :" in html and "<li>Rendre les PDF accessibles</li>" in html
    assert f"En {annee} :" in html and "<li>Audit complet</li>" in html


@pytest.mark.parametrize(
    ("langue", "statut", "pied_attendu"),
    [
        ("en", "<strong>partly compliant</strong>", "Accessibility: partly compliant"),
        ("ar", "<strong>مطابق جزئيًا</strong>", None),
    ],
)
def test_in_english_and_arabic_the_status_is_translated_and_the_typed_french_marked(
    client, langue, statut, pied_attendu
):
    audit()
    client.get(f"/langue/{langue}/")
    html = page(client)
    assert statut in html
    assert '<span lang="fr" dir="ltr">Cabinet Exemple Accessibilité</span>' in html
    assert '<ul lang="fr" dir="ltr"><li>Accueil /</li>' in html
    if pied_attendu:
        assert pied_attendu in pied(html)


def test_the_tools_named_are_those_the_tests_run():
    projet = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    dependances = " ".join(
        d for groupe in projet["project"].get("optional-dependencies", {}).values() for d in groupe
    ) + " ".join(projet["project"]["dependencies"])
    assert f"playwright=={accessibilite.PLAYWRIGHT}" in dependances
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()[:100]
    assert re.search(r"axe v([\d.]+)", axe).group(1) == accessibilite.AXE_CORE


def test_the_rules_of_a_plan_and_an_audit():
    with pytest.raises(ValidationError, match="une année"):
        PlanAccessibilite(nature="annuel", debut=2027, fin=2028, actions="x").full_clean()
    with pytest.raises(ValidationError, match="trois ans au plus"):
        PlanAccessibilite(nature="pluriannuel", debut=2027, fin=2030, actions="x").full_clean()
    with pytest.raises(ValidationError):
        AuditAccessibilite(
            date=dt.date(2027, 1, 1), auditeur="X", taux=Decimal("101"), pages="/"
        ).full_clean()


def test_staff_record_an_audit_in_the_admin(admin_client, django_user_model):
    reponse = admin_client.post(
        "/admin/ruche/auditaccessibilite/add/",
        {
            "date": "2027-03-04",
            "auditeur": "Cabinet Exemple",
            "taux": "75",
            "pages": "Accueil /",
            "environnement": "",
            "non_conformites": "",
        },
    )
    assert reponse.status_code == 302
    enregistre = AuditAccessibilite.objects.get()
    assert enregistre.enregistre_par.is_superuser
    assert accessibilite.statut_du_site() == StatutConformite.PARTIELLE
