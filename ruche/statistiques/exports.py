"""CSV and XLSX files of the statistics tables, the same figures as on the page."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTERDITS_FEUILLE = str.maketrans(dict.fromkeys("\\/?*[]:", " "))


def _valeur(valeur):
    return valeur if isinstance(valeur, int | float) else str(valeur)


def _rangees(tableau):
    rangees = [tableau.colonnes, *tableau.rangees]
    if tableau.total:
        rangees.append(tableau.total)
    return [[_valeur(v) for v in rangee] for rangee in rangees]


def _piece_jointe(response, nom):
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    return response


def csv_response(tableau, nom):
    """One table as CSV the way French spreadsheets open it: `;` and a UTF-8 BOM."""
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=";").writerows(_rangees(tableau))
    contenu = tampon.getvalue().encode("utf-8-sig")
    return _piece_jointe(HttpResponse(contenu, content_type="text/csv; charset=utf-8"), nom)


def xlsx_response(tableaux, nom):
    """One sheet per table: headings on the first row, the total on the last."""
    classeur = Workbook()
    classeur.remove(classeur.active)
    for tableau in tableaux:
        feuille = classeur.create_sheet(
            str(tableau.titre).translate(INTERDITS_FEUILLE)[:31].strip()
        )
        for rangee in _rangees(tableau):
            feuille.append(rangee)
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
        if tableau.total:
            for cellule in feuille[feuille.max_row]:
                cellule.font = Font(bold=True)
        feuille.column_dimensions["A"].width = 45
    tampon = io.BytesIO()
    classeur.save(tampon)
    return _piece_jointe(HttpResponse(tampon.getvalue(), content_type=XLSX), nom)


def _cellules(colonnes, rangees):
    return [list(colonnes), *([_valeur(r[c]) for c in colonnes] for r in rangees)]


def fichier_csv_response(colonnes, rangees, nom):
    """Rows of a network's file as CSV, columns in the documented order (docs/reseau.md)."""
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=";").writerows(_cellules(colonnes, rangees))
    contenu = tampon.getvalue().encode("utf-8-sig")
    return _piece_jointe(HttpResponse(contenu, content_type="text/csv; charset=utf-8"), nom)


def fichier_xlsx_response(colonnes, rangees, nom, titre):
    """The same rows as one sheet, the header row in bold."""
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre.translate(INTERDITS_FEUILLE)[:31].strip()
    for rangee in _cellules(colonnes, rangees):
        feuille.append(rangee)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return _piece_jointe(HttpResponse(tampon.getvalue(), content_type=XLSX), nom)
