"""Bar charts drawn as SVG on the server, for the printed report (no JavaScript in a PDF)."""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

COULEURS = ("#0b5563", "#f2b705")
LARGEUR = 680
LIBELLES = 270
VALEURS = 60
BARRE = 11
RANGEE = 2 * BARRE + 10
LEGENDE = 26


def _nombre(valeur):
    return number_format(valeur, force_grouping=True)


def barres_svg(graphique):
    """Horizontal bars, this period and the previous one for each line of a table."""
    libelles = graphique["libelles"]
    series = graphique["series"]
    plus_grand = max([1, *(v for serie in series for v in serie["valeurs"])])
    echelle = (LARGEUR - LIBELLES - VALEURS) / plus_grand
    hauteur = LEGENDE + RANGEE * len(libelles)

    elements = []
    for i, serie in enumerate(series):
        x = LIBELLES + i * 160
        elements.append(
            format_html(
                '<rect x="{}" y="4" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="16" font-size="12">{}</text>',
                x,
                COULEURS[i],
                x + 20,
                serie["libelle"],
            )
        )
    for ligne, libelle in enumerate(libelles):
        y = LEGENDE + ligne * RANGEE
        elements.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                LIBELLES - 8,
                y + BARRE + 4,
                libelle,
            )
        )
        for i, serie in enumerate(series):
            valeur = serie["valeurs"][ligne]
            largeur = round(valeur * echelle, 1)
            yb = y + i * BARRE
            elements.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="9">{}</text>',
                    LIBELLES,
                    yb,
                    largeur,
                    BARRE - 1,
                    COULEURS[i],
                    LIBELLES + largeur + 4,
                    yb + BARRE - 2,
                    _nombre(valeur),
                )
            )
    corps = format_html_join("", "{}", ((e,) for e in elements))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="graphique-svg" '
        'font-family="DejaVu Sans, sans-serif" '
        'viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        LARGEUR,
        hauteur,
        LARGEUR,
        hauteur,
        graphique["titre"],
        graphique["titre"],
        mark_safe(corps),
    )
