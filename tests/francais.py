"""Finding French where a resident reads English or Arabic.

A page's text is read as a screen reader would (text, alt, title, aria-label…), leaving out
what is marked `lang="fr"` (French content that is meant to be there, and said so) and the
scripts. What remains, minus the data a test typed in French (names, addresses, titles), must
hold no French: no French function word, no accented French letter, no French spacing before
a colon and no French quotation marks.
"""

import re
from html.parser import HTMLParser

# Words that exist in French and not in the English of the pages (nor in Arabic script).
MOTS = frozenset(
    (
        *("le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "à"),
        *("et", "ou", "où", "est", "sont", "été", "être", "avez", "avons", "ne", "n", "se"),
        *("vous", "votre", "vos", "nous", "notre", "nos", "ce", "cet", "cette", "ces"),
        *("qui", "que", "qu", "quoi", "dont", "pour", "par", "avec", "sans", "sur", "dans"),
        *("chez", "pas", "plus", "jusqu", "rendez", "démarche", "atelier", "ateliers"),
        *("heure", "heures", "jour", "jours", "papiers", "apporter", "annuler", "changer"),
        *("lien", "bonjour", "merci", "lundi", "mardi", "mercredi", "jeudi", "vendredi"),
        *("samedi", "dimanche", "janvier", "février", "mars", "avril", "mai", "juin"),
        *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    )
)
LETTRES = re.compile(r"[éèêëàâçîïôûùœæ«»]", re.IGNORECASE)
# « Service : … »: French puts a space before a colon, English and Arabic do not.
ESPACE_AVANT = re.compile(r"\w[  \u202f][:;!?](?:\s|$)")
MOT = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
ADRESSE_WEB = re.compile(r"(?:https?://|/)[^\s<>\"']*")


class Lecteur(HTMLParser):
    """The text of a page a reader is given, outside the elements marked French."""

    VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
    ATTRIBUTS = ("alt", "title", "aria-label", "placeholder", "data-copie")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pile = []
        self.morceaux = []
        self.titre = []

    def _cache(self):
        return any(exclu for _nom, exclu in self.pile)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        exclu = tag in ("script", "style", "template") or (attrs.get("lang") or "").startswith("fr")
        if not exclu and not self._cache():
            self.morceaux += [attrs[nom] for nom in self.ATTRIBUTS if attrs.get(nom)]
        if tag not in self.VIDES:
            self.pile.append((tag, exclu))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VIDES:
            self.pile.pop()

    def handle_endtag(self, tag):
        for rang in range(len(self.pile) - 1, -1, -1):
            if self.pile[rang][0] == tag:
                del self.pile[rang:]
                return

    def handle_data(self, data):
        if self.pile and self.pile[-1][0] == "title":
            self.titre.append(data)
        elif not self._cache():
            self.morceaux.append(data)


def texte_de_page(html, titre_sans=()):
    """The page's text; `titre_sans` are taken out of its title, which cannot mark the
    French content it names (a démarche typed in French only) with `lang`."""
    lecteur = Lecteur()
    lecteur.feed(html)
    lecteur.close()
    titre = " ".join(lecteur.titre)
    for texte in titre_sans:
        titre = titre.replace(texte, " ")
    return "\n".join([titre, *lecteur.morceaux])


def francais(texte, donnees=()):
    """The French found in `texte` once the `donnees` (typed in French by the test) and the
    web addresses are taken out: a list of (what, where) to print when a test fails."""
    for donnee in sorted((d for d in donnees if d), key=len, reverse=True):
        texte = texte.replace(donnee, " ")
    texte = ADRESSE_WEB.sub(" ", texte)
    trouve = []
    for mot in MOT.finditer(texte):
        morceaux = [mot.group(0).lower(), *re.split(r"['’]", mot.group(0).lower())]
        if any(m in MOTS for m in morceaux) or LETTRES.search(mot.group(0)):
            trouve.append((mot.group(0), _autour(texte, mot.start())))
    for espace in ESPACE_AVANT.finditer(texte):
        trouve.append((espace.group(0), _autour(texte, espace.start())))
    return trouve


def _autour(texte, position):
    return " ".join(texte[max(position - 40, 0) : position + 40].split())
