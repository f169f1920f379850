"""Text messages (mail subjects and bodies, SMS) are rendered without HTML escaping by
ruche.courriels.rendre_texte, the one way they are rendered: a name with « & » or « ' »
reaches the resident as typed, and no text template needs `{% autoescape off %}`."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from ruche.courriels import rendre_texte

pytestmark = pytest.mark.django_db

NOM = "Maison d'Anne & Cie <Cèze>"


def textes():
    """Every text template: the .txt ones, and the password reset mail Django names .html."""
    racine = Path(settings.BASE_DIR) / "templates"
    return [*sorted(racine.rglob("*.txt")), racine / "registration" / "password_reset_email.html"]


def test_no_text_template_turns_escaping_off_itself():
    assert [str(t) for t in textes() if "autoescape" in t.read_text()] == []


def test_an_included_text_part_keeps_ampersands_and_apostrophes():
    texte = rendre_texte(
        "permanences/courriels/_rdv_infos.txt",
        {"demarche": {"nom": NOM}, "lieu": NOM, "pieces": [NOM]},
    )
    assert texte.count(NOM) == 3
    assert "&amp;" not in texte and "&#x27;" not in texte and "&lt;" not in texte


def test_the_password_reset_mail_keeps_the_username_as_typed(client, benevole):
    benevole.username = "anne.o'neil&co"
    benevole.save()
    assert client.post("/mot-de-passe/oublie/", {"email": benevole.email}).status_code == 302
    (message,) = mail.outbox
    assert "anne.o'neil&co" in message.body
