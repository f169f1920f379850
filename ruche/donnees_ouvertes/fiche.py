"""Each place's record in the national open-data standard for digital-inclusion places,
"Lieux de médiation numérique" (Table Schema v1.0.2 by La MedNum and the ANCT), for the
national map to collect as CSV or JSON.

Pure functions, no database access: the view (ruche/views/donnees.py) reads the places,
their weekly hours, their coming closures and what they offer, and hands them here.
Multiple values inside one cell are separated by "|", as the schema's patterns require.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import phonenumbers

# Every column of the schema, in its order: the standard asks for all of them, even empty.
COLONNES = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)

PARIS = ZoneInfo("Europe/Paris")
SEPARATEUR = "|"
# The schema's required columns: a place missing one is not published (see publiable()).
CHAMPS_REQUIS = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")
CODE_POSTAL = re.compile(r"\d{5}")
CODE_INSEE = re.compile(r"([013-9]\d|2[AB1-9])\d{3}")
RESUME_MAX = 280  # characters of presentation_resume, a limit of the schema

# The structure types come from the data·inclusion vocabulary the standard points to:
# RFS is "Réseau France Services".
TYPOLOGIE_FRANCE_SERVICES = "RFS"
# The pivot is required; the national map's own data writes fourteen zeros for a place whose
# SIRET is not known yet, rather than leave the place out.
PIVOT_INCONNU = "0" * 14


class Service:
    """The standard's list of services (the only values it accepts)."""

    DEMARCHES = "Aide aux démarches administratives"
    OUTILS_DU_QUOTIDIEN = "Maîtrise des outils numériques du quotidien"
    INSERTION_PRO = "Insertion professionnelle via le numérique"
    ACCES_MATERIEL = "Accès internet et matériel informatique"


# What a démarche's theme offers in the standard's words (Demarche.Theme values).
SERVICES_PAR_THEME = {
    "retraite": Service.DEMARCHES,
    "titre_sejour": Service.DEMARCHES,
    "autre": Service.DEMARCHES,
    "numerique": Service.OUTILS_DU_QUOTIDIEN,
}
# What a workshop offers, by its public (Atelier.Public values).
SERVICES_PAR_PUBLIC_ATELIER = {
    "demandeurs_emploi": (Service.OUTILS_DU_QUOTIDIEN, Service.INSERTION_PRO),
    "seniors": (Service.OUTILS_DU_QUOTIDIEN,),
    "tous": (Service.OUTILS_DU_QUOTIDIEN,),
}
ORDRE_SERVICES = (
    Service.DEMARCHES,
    Service.OUTILS_DU_QUOTIDIEN,
    Service.INSERTION_PRO,
    Service.ACCES_MATERIEL,
)

# The only values the schema's `formations_labels` accepts, spelt as it spells them (note
# "Étapes numériques(La Poste)" without a space): any other label goes to
# `autres_formations_labels`, free text.
FORMATIONS_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)


def _cle_label(label: str) -> str:
    return "".join(label.split()).casefold()


_LABELS_CONNUS = {_cle_label(label): label for label in FORMATIONS_LABELS}


def formations(labels: Iterable[str]) -> tuple[str, str]:
    """(formations_labels, autres_formations_labels) of a place's labels: a label the
    schema knows, however its spaces are typed, in the schema's own spelling; the others
    as free text. Each cell joins its values with "|" and nothing else."""
    connus, autres = [], []
    for label in labels:
        label = " ".join((label or "").replace(SEPARATEUR, " ").split())
        if not label:
            continue
        officiel = _LABELS_CONNUS.get(_cle_label(label))
        cible, valeur = (connus, officiel) if officiel else (autres, label)
        if valeur not in cible:
            cible.append(valeur)
    return SEPARATEUR.join(connus), SEPARATEUR.join(autres)


JOURS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MOIS_OSM = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class LieuPublie(Protocol):
    """What the record reads of a place (ruche.models.Lieu has these attributes)."""

    pk: int
    nom: str
    adresse: str
    code_postal: str
    commune: str
    code_insee: str
    telephone: str
    courriel: str
    site_web: str
    siret: str
    latitude: float | None
    longitude: float | None
    presentation: str
    date_maj: date | datetime | None


@dataclass(frozen=True)
class Offre:
    """What a place offers, read by the caller: démarche themes and workshop publics."""

    themes_demarches: frozenset = field(default_factory=frozenset)
    publics_ateliers: frozenset = field(default_factory=frozenset)


def _minutes(heure: time) -> int:
    return heure.hour * 60 + heure.minute


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fusionner(plages: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans of one day become one."""
    fusion: list[list[int]] = []
    for debut, fin in sorted(plages):
        if fusion and debut <= fusion[-1][1]:
            fusion[-1][1] = max(fusion[-1][1], fin)
        else:
            fusion.append([debut, fin])
    return [(debut, fin) for debut, fin in fusion]


def _jours(jours: list[int]) -> str:
    """[0, 1, 2, 4] -> "Mo-We,Fr": runs of three days or more as a range."""
    morceaux, suite = [], []
    for jour in sorted(jours) + [None]:
        if suite and (jour is None or jour != suite[-1] + 1):
            if len(suite) >= 3:
                morceaux.append(f"{JOURS_OSM[suite[0]]}-{JOURS_OSM[suite[-1]]}")
            else:
                morceaux.extend(JOURS_OSM[j] for j in suite)
            suite = []
        if jour is not None:
            suite.append(jour)
    return ",".join(morceaux)


def _date_osm(jour: date) -> str:
    return f"{jour.year} {MOIS_OSM[jour.month - 1]} {jour.day:02d}"


def horaires_osm(plages: Iterable[tuple[int, time, time]], fermetures=()) -> str:
    """The OpenStreetMap opening_hours string of weekly spans (weekday 0 = Monday, start,
    end) and closures ((first day, last day) dates): "Mo-Fr 09:00-12:00; 2026 Dec 25 off".

    Empty spans (end not after start) are left out; without any span the string is empty,
    since "closed every day" would tell the map the place no longer exists."""
    par_jour: dict[int, list[tuple[int, int]]] = {}
    for jour, debut, fin in plages:
        if fin > debut:
            par_jour.setdefault(jour, []).append((_minutes(debut), _minutes(fin)))
    if not par_jour:
        return ""
    # Days with the same spans share one rule, in the order of their first day.
    jours_par_horaire: dict[str, list[int]] = {}
    for jour in sorted(par_jour):
        horaire = ",".join(f"{_hhmm(d)}-{_hhmm(f)}" for d, f in _fusionner(par_jour[jour]))
        jours_par_horaire.setdefault(horaire, []).append(jour)
    regles = [f"{_jours(jours)} {horaire}" for horaire, jours in jours_par_horaire.items()]
    # Closures come last: in opening_hours a later rule overrides the earlier ones.
    for debut, fin in sorted(set(fermetures)):
        if fin <= debut:
            regles.append(f"{_date_osm(debut)} off")
        else:
            regles.append(f"{_date_osm(debut)}-{_date_osm(fin)} off")
    return "; ".join(regles)


@lru_cache(maxsize=4096)
def telephone_international(numero: str) -> str:
    """ "04 66 39 00 00" -> "+33466390000" (E.164, as the schema wants); "" if not a valid
    French number, since a wrong number on the national map is worse than none."""
    if not numero:
        return ""
    try:
        analyse = phonenumbers.parse(numero, "FR")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(analyse):
        return ""
    return phonenumbers.format_number(analyse, phonenumbers.PhoneNumberFormat.E164)


def pivot(*sirets: str) -> str:
    """The first SIRET given that has 14 digits once its spaces are removed; "" if none."""
    for siret in sirets:
        chiffres = "".join((siret or "").split())
        if len(chiffres) == 14 and chiffres.isdigit():
            return chiffres
    return ""


def resume(texte: str) -> str:
    """The presentation cut to the schema's 280 characters, at a word, with an ellipsis."""
    texte = " ".join((texte or "").split())
    if len(texte) <= RESUME_MAX:
        return texte
    coupe = texte[: RESUME_MAX - 1].rsplit(" ", 1)[0]
    return coupe.rstrip(" ,;:.") + "…"


def services(offre: Offre) -> str:
    """The standard's services a place offers, from its démarches and workshops.

    Free access to computers and the internet is part of every France Services place."""
    trouves = {Service.ACCES_MATERIEL}
    trouves.update(SERVICES_PAR_THEME[t] for t in offre.themes_demarches if t in SERVICES_PAR_THEME)
    for public in offre.publics_ateliers:
        trouves.update(SERVICES_PAR_PUBLIC_ATELIER.get(public, (Service.OUTILS_DU_QUOTIDIEN,)))
    return SEPARATEUR.join(s for s in ORDRE_SERVICES if s in trouves)


def _jour_iso(valeur) -> str:
    if isinstance(valeur, datetime):
        # The day in France: an update at 00:30 in Paris is not the day before.
        valeur = (valeur.astimezone(PARIS) if valeur.tzinfo else valeur).date()
    return valeur.isoformat() if valeur else ""


def fiche(
    lieu: LieuPublie,
    *,
    horaires: str,
    offre: Offre,
    url_rdv: str,
    siret_organisation: str = "",
    source: str = "",
    labels: Iterable[str] = (),
) -> dict:
    """The place's record: every column of the schema, "" where the place has nothing.

    The id is the place's primary key: stable while the place exists, whatever its name or
    slug becomes. The pivot is the place's SIRET, else its organisation's, else fourteen
    zeros (unknown)."""
    presentation = " ".join((lieu.presentation or "").split())
    acces = ["Se présenter"]
    if lieu.telephone:
        acces.append("Téléphoner")
    if lieu.courriel:
        acces.append("Contacter par mail")
    if url_rdv:
        acces.append("Prendre un RDV en ligne")
    formations_labels, autres_formations_labels = formations(labels)
    accompagnement = ["En autonomie", "Accompagnement individuel"]
    if offre.publics_ateliers:
        accompagnement.append("Dans un atelier collectif")
    valeurs = {
        "id": f"lieu-{lieu.pk}",
        "pivot": pivot(lieu.siret, siret_organisation) or PIVOT_INCONNU,
        "nom": lieu.nom,
        "commune": lieu.commune,
        "code_postal": lieu.code_postal,
        "code_insee": lieu.code_insee if CODE_INSEE.fullmatch(lieu.code_insee or "") else "",
        "adresse": lieu.adresse,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
        "typologie": TYPOLOGIE_FRANCE_SERVICES,
        "telephone": telephone_international(lieu.telephone),
        "courriels": lieu.courriel,
        "site_web": lieu.site_web,
        "horaires": horaires,
        "presentation_resume": resume(presentation),
        "presentation_detail": presentation if len(presentation) > RESUME_MAX else "",
        "source": source,
        "itinerance": "Fixe",
        "date_maj": _jour_iso(lieu.date_maj),
        "services": services(offre),
        "frais_a_charge": "Gratuit",
        "dispositif_programmes_nationaux": "France Services",
        "formations_labels": formations_labels,
        "autres_formations_labels": autres_formations_labels,
        "modalites_acces": SEPARATEUR.join(acces),
        "modalites_accompagnement": SEPARATEUR.join(accompagnement),
        "prise_rdv": url_rdv,
    }
    return {colonne: _propre(valeurs.get(colonne)) for colonne in COLONNES}


def publiable(ligne: dict) -> bool:
    """Whether the record has what the schema requires: a place whose address is not filled
    in yet (the first place of an install, made from one line of settings) would make the
    whole file invalid for the national map, and could not be shown on a map anyway."""
    return all(ligne[c] for c in CHAMPS_REQUIS) and bool(
        CODE_POSTAL.fullmatch(ligne["code_postal"])
    )


def _propre(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        # One line per cell: a newline would break naive CSV readers of the national map.
        return " ".join(valeur.split())
    return float(valeur)


def en_csv(fiches: Iterable[dict]) -> str:
    """The records as the standard's CSV: comma, header of every column, UTF-8 text."""
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=COLONNES, lineterminator="\r\n")
    ecrivain.writeheader()
    ecrivain.writerows(fiches)
    return sortie.getvalue()


def en_json(fiches: Iterable[dict]) -> str:
    """The same records as a JSON list, empty cells as null, coordinates as numbers."""
    lignes = [
        {cle: (valeur if valeur != "" else None) for cle, valeur in f.items()} for f in fiches
    ]
    return json.dumps(lignes, ensure_ascii=False, indent=1)
