"""What a text message costs: its encoding and its number of segments (pure functions).

A message whose every character is in the GSM 03.38 alphabet travels in GSM-7: 160 characters
in one segment, 153 per segment once it needs several (each part carries a header); the
characters of the extension table (€ [ ] { } \\ ^ ~ | and the form feed) take two places. A
single character outside it (Arabic, or a French "ç", "ô", "ê", "œ", a curly apostrophe…)
switches the whole message to UCS-2: 70 characters in one segment, 67 per segment beyond; a
character outside the Basic Multilingual Plane (an emoji) takes two. A two-place character
never straddles two segments.

`en_gsm` writes a Latin text with the GSM alphabet only ("ç" → "c", "tôt" → "tot", "’" → "'"),
as French providers do themselves when asked; a text in another script is left as it is,
since it travels in UCS-2 anyway.
"""

import re
import unicodedata
from dataclasses import dataclass

GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

UN_SEGMENT = {"GSM-7": 160, "UCS-2": 70}
PAR_SEGMENT = {"GSM-7": 153, "UCS-2": 67}

# Latin characters missing from the GSM alphabet, and what a French reader reads instead.
REMPLACEMENTS = {
    "ç": "c",
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "•": ".",
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
}


@dataclass(frozen=True)
class Cout:
    """What a text costs: its characters, its encoding, the places they take, its segments."""

    caracteres: int
    encodage: str
    places: int
    segments: int


def est_gsm(texte):
    return all(c in GSM7 or c in GSM7_EXTENSION for c in texte)


def _places(caractere, encodage):
    if encodage == "GSM-7":
        return 2 if caractere in GSM7_EXTENSION else 1
    return 2 if ord(caractere) > 0xFFFF else 1


def cout_sms(texte) -> Cout:
    """The encoding and the number of segments `texte` is sent in."""
    encodage = "GSM-7" if est_gsm(texte) else "UCS-2"
    places = [_places(c, encodage) for c in texte]
    total = sum(places)
    if total <= UN_SEGMENT[encodage]:
        return Cout(len(texte), encodage, total, 1 if texte else 0)
    segments, libre = 1, PAR_SEGMENT[encodage]
    for place in places:
        if place > libre:
            segments, libre = segments + 1, PAR_SEGMENT[encodage]
        libre -= place
    return Cout(len(texte), encodage, total, segments)


def _sans_accent(caractere):
    """ "ô" → "o": the letter without the marks GSM has no room for."""
    decompose = unicodedata.normalize("NFKD", caractere)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def en_gsm(texte):
    """`texte` with GSM characters only when it is written in Latin letters; else unchanged."""
    if est_gsm(texte):
        return texte
    # « œuvre » → "oeuvre": French quotes hold their spaces, straight ones do not.
    latin = re.sub(r"«\s*", '"', re.sub(r"\s*»", '"', texte))
    sortie = []
    for caractere in latin:
        if caractere in GSM7 or caractere in GSM7_EXTENSION:
            sortie.append(caractere)
        elif caractere in REMPLACEMENTS:
            sortie.append(REMPLACEMENTS[caractere])
        else:
            sortie.append(_sans_accent(caractere))
    resultat = "".join(sortie)
    return resultat if est_gsm(resultat) else texte
