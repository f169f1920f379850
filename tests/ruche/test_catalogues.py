"""Every string of the pages and messages residents read is marked for translation, and the
English and Arabic catalogues translate each of them (nothing missing, nothing fuzzy)."""

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings

from ruche.langues import FICHIERS_PUBLICS

RACINE = Path(settings.BASE_DIR)
GABARITS = sorted(
    chemin.relative_to(RACINE).as_posix()
    for chemin in (RACINE / "templates").rglob("*")
    if chemin.is_file()
    and any(fnmatch(chemin.relative_to(RACINE).as_posix(), motif) for motif in FICHIERS_PUBLICS)
)

BLOCS = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{#.*?#}|<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>",
    re.S,
)
BALISES_GABARIT = re.compile(r"{%.*?%}|{{.*?}}", re.S)
ATTRIBUTS_TEXTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')
BALISE_HTML = re.compile(r"<[^>]*>", re.S)
ENTITES = re.compile(r"&[a-z]+;|&#\d+;")
# A letter means words; what is left besides (arrows, dashes, digits) is not text to translate.
LETTRE = re.compile(r"[^\W\d_]")


def textes_non_marques(source):
    source = BALISES_GABARIT.sub(" § ", BLOCS.sub(" ", source))
    restes = [v for v in ATTRIBUTS_TEXTE.findall(source) if LETTRE.search(v)]
    texte = ENTITES.sub(" ", BALISE_HTML.sub(" ", source))
    restes += [" ".join(bout.replace("§", " ").split()) for bout in texte.split("\n")]
    return [reste for reste in restes if LETTRE.search(reste)]


def test_the_check_finds_a_forgotten_string():
    assert textes_non_marques('<p>{% translate "Bonjour" %}</p>') == []
    assert textes_non_marques("<p>Bonjour {{ nom }}</p>") == ["Bonjour"]
    assert textes_non_marques('<img alt="Logo" src="{{ x }}">') == ["Logo"]
    assert textes_non_marques('<img alt="{% translate "Logo" %}">') == []


@pytest.mark.parametrize("gabarit", GABARITS)
def test_public_templates_mark_every_string(gabarit):
    assert textes_non_marques((RACINE / gabarit).read_text()) == []


def entrees(po):
    """(msgid, [msgstr…], fuzzy) of each entry but the header."""
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source)
    for message in catalogue:
        if not message.id:
            continue
        traductions = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message.id, traductions, message.fuzzy


@pytest.mark.parametrize("langue", ["en", "ar"])
def test_catalogue_translates_everything(langue):
    po = RACINE / "locale" / langue / "LC_MESSAGES" / "django.po"
    manquantes = [i for i, traductions, fuzzy in entrees(po) if fuzzy or not all(traductions)]
    assert manquantes == []
    assert (po.with_suffix(".mo")).exists(), "scripts/install.sh compile les catalogues"


def test_the_catalogues_cover_every_public_template():
    """An entry added to a template but not yet in the catalogues (manage.py catalogues)."""
    po = RACINE / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    connus = {i if isinstance(i, str) else i[0] for i, _t, _f in entrees(po)}
    marque = re.compile(r"""{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")
    for gabarit in GABARITS:
        for double, simple in marque.findall((RACINE / gabarit).read_text()):
            # makemessages doubles the percent signs of a {% translate %} string.
            assert (double or simple).replace("%", "%%") in connus, gabarit
