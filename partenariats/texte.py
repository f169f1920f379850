"""The light markup of article texts: paragraphs, "- " lists and the [[logos]] marker.

Kept as plain text in the database so the text reads like the signed document and an
amendment can replace an article with the same conventions.
"""

from dataclasses import dataclass, field

LOGOS = "[[logos]]"

NOMBRES = {
    1: "un",
    2: "deux",
    3: "trois",
    4: "quatre",
    5: "cinq",
    6: "six",
    7: "sept",
    8: "huit",
    9: "neuf",
    10: "dix",
}


@dataclass
class Item:
    texte: str
    sous_items: list[str] = field(default_factory=list)


@dataclass
class Bloc:
    nature: str  # "paragraphe", "liste" or "logos"
    texte: str = ""
    items: list[Item] = field(default_factory=list)


def blocs(texte):
    """Splits a text into paragraphs, lists (one nested level) and the logos marker."""
    resultat = []
    for ligne in (texte or "").replace("\r\n", "\n").split("\n"):
        contenu = ligne.strip()
        courant = resultat[-1] if resultat else None
        if not contenu:
            resultat.append(None)  # a blank line closes the current block
        elif contenu == LOGOS:
            resultat.append(Bloc("logos"))
        elif contenu.startswith("- "):
            item = contenu[2:].strip()
            imbrique = ligne[: len(ligne) - len(ligne.lstrip())] != ""
            if courant is not None and courant.nature == "liste":
                if imbrique and courant.items:
                    courant.items[-1].sous_items.append(item)
                else:
                    courant.items.append(Item(item))
            else:
                resultat.append(Bloc("liste", items=[Item(item)]))
        elif courant is not None and courant.nature == "paragraphe":
            courant.texte += " " + contenu
        else:
            resultat.append(Bloc("paragraphe", texte=contenu))
    return [bloc for bloc in resultat if bloc is not None]


def en_lettres(nombre):
    """The number of originals in words: 2 → "deux"."""
    return NOMBRES.get(nombre, str(nombre))
