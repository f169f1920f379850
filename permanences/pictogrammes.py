"""The pictograms drawn for the project (static/img/pictogrammes/): one beside each démarche
(chosen in the admin) and one beside each paper to bring (guessed from its words).

Papers are free text, one per line and per language, so a paper's pictogram comes from
keywords in French, English and Arabic; when the translated line says nothing known, the
French line at the same place decides; otherwise a plain document."""

import re

from django.templatetags.static import static

DOSSIER = "img/pictogrammes/"

# Order matters: "photo d'identité" and "relevé d'identité bancaire" are not identity papers.
MOTS_PAR_PAPIER = (
    ("carte-vitale", ("vitale",)),
    ("titre-sejour", ("titre de séjour", "titre de sejour", "residence permit", "الإقامة")),
    ("passeport", ("passeport", "passport", "جواز")),
    ("photo", ("photo", "صور")),
    ("rib", ("rib", "bancaire", "bank", "البنك")),
    ("impot", ("impôt", "impot", "tax", "ضريب")),
    ("carriere", ("carrière", "carriere", "career", "المسار المهني")),
    (
        "salaire",
        ("salaire", "bulletin", "payslip", "pension", "attestation", "statement", "راتب", "معاش"),
    ),
    ("domicile", ("domicile", "address", "السكن")),
    ("naissance", ("naissance", "birth", "الميلاد")),
    ("identite", ("identité", "identite", "identity", "هوية")),
)
PAR_DEFAUT = "document"


def _motif(mot):
    # A Latin word starts a word ("rib", not "attribution"); an Arabic one may follow the
    # article joined to it ("الراتب").
    return rf"(?<!\w){re.escape(mot)}" if mot[0].isascii() else re.escape(mot)


_MOTIFS = tuple(
    (nom, re.compile("|".join(_motif(mot) for mot in mots), re.IGNORECASE))
    for nom, mots in MOTS_PAR_PAPIER
)


def pictogramme_papier(*textes):
    """The pictogram name of a paper: the first text with a known word decides."""
    for texte in textes:
        for nom, motif in _MOTIFS:
            if texte and motif.search(texte):
                return nom
    return PAR_DEFAUT


def chemin(nom):
    """The static URL of a pictogram."""
    return static(f"{DOSSIER}{nom}.svg")
