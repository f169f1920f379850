"""The pictograms drawn for the project: one beside each démarche and each paper to bring,
served from static/, with an empty text alternative where the words beside say the same."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from permanences.demo.calendrier import DEMARCHES
from permanences.models import Demarche
from permanences.pictogrammes import DOSSIER, MOTS_PAR_PAPIER, PAR_DEFAUT, pictogramme_papier
from tests.permanences.factories import DemarcheFactory, occurrence_pour
from tests.ruche.factories import PersonnelFactory

DESSINS = Path(settings.BASE_DIR) / "static" / DOSSIER


def dessine(url, nom):
    """The static URL is the drawing's (hashed in the manifest storage or not)."""
    return re.search(rf"/pictogrammes/{nom}(\.\w+)?\.svg$", url) is not None


NOMS = [nom for nom, _mots in MOTS_PAR_PAPIER] + [PAR_DEFAUT] + list(Demarche.Pictogramme.values)


@pytest.mark.parametrize("nom", sorted(set(NOMS)))
def test_each_pictogram_is_a_plain_titled_svg(nom):
    texte = (DESSINS / f"{nom}.svg").read_text()
    assert texte.startswith("<svg") and "<title>" in texte
    # An image from static/ under a strict CSP: no script, no event handler, nothing fetched.
    assert not re.search(r"<script|\son\w+=|href=|<style|url\(", texte, re.IGNORECASE)


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Pièce d'identité", "identite"),
        ("3 photos d'identité", "photo"),
        ("RIB (relevé d'identité bancaire)", "rib"),
        ("Justificatif de domicile de moins de 6 mois", "domicile"),
        ("Dernier avis d'impôt", "impot"),
        ("Titre de séjour actuel", "titre-sejour"),
        ("Derniers bulletins de salaire ou attestations Pôle emploi", "salaire"),
        ("Relevé de carrière (si vous l'avez)", "carriere"),
        ("Carte Vitale", "carte-vitale"),
        ("Acte de naissance", "naissance"),
        ("Passeport", "passeport"),
        ("Une attribution de logement", "document"),  # "rib" inside a word is no RIB
        ("Lettre de la mairie", "document"),
    ],
)
def test_a_paper_gets_the_pictogram_of_its_words(texte, attendu):
    assert pictogramme_papier(texte) == attendu


@pytest.mark.parametrize("item", DEMARCHES, ids=lambda item: item["slug"])
def test_every_demo_paper_has_a_drawing_and_the_same_one_in_each_language(item):
    francais = item["pieces_a_apporter"].splitlines()
    for code in ("en", "ar"):
        traduits = item[f"pieces_a_apporter_{code}"].splitlines()
        assert [pictogramme_papier(t) for t in traduits] == [
            pictogramme_papier(f) for f in francais
        ]
    assert PAR_DEFAUT not in [pictogramme_papier(f) for f in francais]


@pytest.mark.django_db
def test_the_french_line_names_the_drawing_of_an_unknown_translation():
    demarche = DemarcheFactory(
        pieces_a_apporter="Passeport\nLettre", pieces_a_apporter_en="Travel document\nLetter"
    )
    with override("en"):
        illustrees = demarche.pieces_illustrees()
    assert [piece for piece, _url in illustrees] == ["Travel document", "Letter"]
    assert dessine(illustrees[0][1], "passeport")
    assert dessine(illustrees[1][1], "document")


@pytest.mark.django_db
def test_the_demarche_shows_its_chosen_drawing_or_its_themes():
    choisie = DemarcheFactory(pictogramme=Demarche.Pictogramme.RENOUVELLEMENT)
    par_theme = DemarcheFactory(theme=Demarche.Theme.RETRAITE)
    assert dessine(choisie.fichier_pictogramme(), "titre-sejour-renouvellement")
    assert dessine(par_theme.fichier_pictogramme(), "retraite")


@pytest.mark.django_db
def test_public_pages_show_the_drawings_beside_the_words(client, demarche):
    occurrence_pour(demarche)
    liste = client.get(reverse("permanences:demarches")).content.decode()
    assert re.search(r'<img src="[^"]*/pictogrammes/titre-sejour(\.\w+)?\.svg" alt=""', liste)
    page = client.get(
        reverse("permanences:demarche_ou_rendez_vous", args=[demarche.slug])
    ).content.decode()
    for nom in ("passeport", "domicile", "photo"):
        assert re.search(rf'<img src="[^"]*/pictogrammes/{nom}(\.\w+)?\.svg" alt=""', page)


@pytest.mark.django_db
def test_staff_choose_the_drawing_in_the_admin(client, demarche):
    client.force_login(PersonnelFactory(is_superuser=True))
    formulaire = client.get(reverse("admin:permanences_demarche_change", args=[demarche.pk]))
    assert 'name="pictogramme"' in formulaire.content.decode()
    liste = client.get(reverse("admin:permanences_demarche_changelist")).content.decode()
    # Alone in its column, the drawing says in words what it shows.
    assert re.search(
        r'<img src="[^"]*/pictogrammes/titre-sejour(\.\w+)?\.svg" alt="Titre de séjour"', liste
    )


@pytest.mark.django_db
def test_the_staff_appointment_page_keeps_its_plain_list(rf, demarche):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    for publique, attendu in [(True, 3), (False, 0)]:
        request = rf.get("/")
        request.page_publique, request.user = publique, AnonymousUser()
        page = render_to_string(
            "permanences/rendez_vous/_pieces.html", {"demarche": demarche}, request=request
        )
        assert page.count('class="pictogramme"') == attendu and "Passeport" in page
