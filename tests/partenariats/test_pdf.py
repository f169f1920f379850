"""The printed convention, checked against the signed source text article by article."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from partenariats.pdf import avenant_pdf, convention_pdf
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import ArticleAvenantFactory, ArticleFactory, AvenantFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).parent / "convention_2024.txt").read_text(encoding="utf-8")
FIN_DES_ARTICLES = "La présente convention comporte"


def normaliser(texte):
    """One space between words; superscripts and list dashes of the source dropped."""
    texte = texte.replace("^{er}", "er").replace("^{ème}", "ème")
    texte = re.sub(r"^\s*- ", "", texte, flags=re.MULTILINE)
    return re.sub(r"\s+", " ", texte).strip()


def texte_du_pdf(contenu):
    """The text of all pages without page footers and list markers, lines re-joined."""
    lignes = []
    for page in pdf_text(contenu):
        for ligne in page.splitlines():
            if re.fullmatch(r"\s*(page \d+ / \d+|-)\s*", ligne):
                continue
            lignes.append(ligne)
    texte = "\n".join(lignes)
    return re.sub(r"-\n", "-", texte)  # a word cut at a line end, such as "rendez-\nvous"


def articles(texte):
    """{number: normalised "ARTICLE n : title text"} from a text."""
    texte = texte.split(FIN_DES_ARTICLES)[0]
    morceaux = re.split(r"(?=ARTICLE \d+ :)", texte)
    return {
        int(re.match(r"ARTICLE (\d+)", m).group(1)): normaliser(m)
        for m in morceaux
        if m.startswith("ARTICLE")
    }


@pytest.fixture
def pdf_demo(demo):
    return convention_pdf(demo, jour=date(2026, 11, 26))


def test_every_article_is_printed_word_for_word(pdf_demo):
    attendus = articles(SOURCE.split("IL EST CONVENU CE QUI SUIT")[1])
    imprimes = articles(texte_du_pdf(pdf_demo).split("IL EST CONVENU CE QUI SUIT")[1])
    assert list(imprimes) == [1, 2, 3, 4, 5, 6]
    for numero, attendu in attendus.items():
        assert imprimes[numero] == attendu, f"Article {numero}"


def test_the_preamble_is_printed_word_for_word(pdf_demo):
    texte = normaliser(texte_du_pdf(pdf_demo))
    preambule = SOURCE.split("CONSIDERANT :")[1].split("IL EST CONVENU")[0]
    for paragraphe in re.split(r"\n\s*\n", preambule):
        if paragraphe.strip():
            assert normaliser(paragraphe) in texte
    assert "En 2023, la Ruche numérique a accueilli 8 123 visiteurs : 3 855" in texte


def test_title_parties_and_closing(pdf_demo):
    pages = pdf_text(pdf_demo)
    texte = normaliser(texte_du_pdf(pdf_demo))
    assert "CONVENTION DE PARTENARIAT - La Ruche Numérique" in texte
    entre = normaliser(SOURCE.split("ENTRE")[1].split("Ci-après")[0]).replace(" ET ", " ET ")
    assert entre in texte
    assert "Ci-après dénommée ensemble les « Parties »," in texte
    assert "CONSIDÉRANT :" in texte and "IL EST CONVENU CE QUI SUIT" in texte
    assert f"La présente convention comporte {len(pages)} pages" in texte
    assert "Fait en deux exemplaires originaux," in texte
    assert "À Bagnols-sur-Cèze, le" in texte
    assert "Pour l'Association A.V.A.Q.B-C Madame Maryse NORDEZ-RYEZ, Présidente" in texte
    assert "Pour la Ville de Bagnols-sur-Cèze Jean-Yves CHAPELET, Maire" in texte
    for numero, page in enumerate(pages, start=1):
        assert f"page {numero} / {len(pages)}" in page


def test_the_page_count_is_true_for_a_long_convention(db):
    convention = convention_signee(nb_articles=0)
    for numero in range(1, 31):
        ArticleFactory(convention=convention, numero=numero, texte="Un long paragraphe. " * 60)
    contenu = convention_pdf(convention, signee=True)
    pages = pdf_text(contenu)
    assert len(pages) > 4
    assert f"comporte {len(pages)} pages" in normaliser("\n".join(pages))


def test_consolidated_and_signed_versions(demo, client_de, comite):
    avenant = AvenantFactory(
        convention=demo, date=date(2026, 6, 1), prend_effet_le=date(2026, 7, 1)
    )
    ArticleAvenantFactory(avenant=avenant, numero=7, titre="Données personnelles", texte="Le RGPD.")
    client = client_de(comite)
    consolide = normaliser(
        texte_du_pdf(client.get(reverse("partenariats:pdf", args=[demo.pk])).content)
    )
    signe = normaliser(
        texte_du_pdf(
            client.get(reverse("partenariats:pdf", args=[demo.pk]), {"version": "signee"}).content
        )
    )
    assert "ARTICLE 7 : Données personnelles" in consolide
    assert "modifié par l'avenant n° 1" in consolide
    assert "ARTICLE 7" not in signe and "consolidé" not in signe

    (page,) = [avenant_pdf(demo, avenant)]
    texte = normaliser(texte_du_pdf(page))
    assert "AVENANT N° 1" in texte
    assert "Il est ajouté à la convention un article 7 ainsi rédigé" in texte
    assert "ARTICLE 7 : Données personnelles Le RGPD." in texte
    assert "prend effet le 1er juillet 2026" in texte
    assert f"Le présent avenant comporte {len(pdf_text(page))} pages" in texte
