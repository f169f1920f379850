"""Compiles every locale/<lang>/LC_MESSAGES/*.po into its .mo with Babel, for machines
without GNU gettext (scripts/install.sh uses msgfmt when it is there). Fuzzy entries are
left out, as msgfmt does."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compiler(dossier):
    for po in sorted(Path(dossier).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as cible:
            write_mo(cible, catalogue, use_fuzzy=False)


if __name__ == "__main__":
    compiler(sys.argv[1] if len(sys.argv) > 1 else "locale")
