"""The open-data record of a place in the national standard "Lieux de médiation numérique":
the CSV validated against the standard's own schema (frictionless), the opening hours read
back by an OpenStreetMap opening_hours parser. Pure functions: a stand-in place, no database."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from frictionless import Resource, Schema
from hypothesis import given
from hypothesis import strategies as st
from opening_hours import OpeningHours

from ruche.donnees_ouvertes.fiche import (
    COLONNES,
    FORMATIONS_LABELS,
    RESUME_MAX,
    Offre,
    Service,
    en_csv,
    en_json,
    fiche,
    formations,
    horaires_osm,
    pivot,
    publiable,
    resume,
    services,
    telephone_international,
)

SCHEMA = Path(__file__).parent / "donnees" / "schema-lieux-mediation-numerique-v1.0.2.json"
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class LieuFactice:
    """Stands for ruche.models.Lieu: the attributes the record reads."""

    pk: int = 1
    nom: str = "La Ruche numérique"
    adresse: str = "2 place Mallet"
    code_postal: str = "30200"
    commune: str = "Bagnols-sur-Cèze"
    code_insee: str = "30028"
    telephone: str = "04 66 39 00 00"
    courriel: str = "ruche-numerique@example.org"
    site_web: str = "https://www.example.org/ruche"
    siret: str = "213 002 835 00016"
    latitude: float | None = 44.1623
    longitude: float | None = 4.6193
    presentation: str = (
        "Un espace France Services : aide aux démarches, accès libre aux ordinateurs."
    )
    date_maj: date | datetime | None = date(2026, 11, 2)


SEMAINE = [
    (jour, debut, fin)
    for jour in range(5)
    for debut, fin in ((time(9), time(12)), (time(14), time(17)))
]


def _fiche(lieu=None, **kwargs):
    valeurs = {
        "horaires": horaires_osm(SEMAINE, [(date(2026, 12, 25), date(2026, 12, 25))]),
        "offre": Offre(
            themes_demarches=frozenset({"retraite", "titre_sejour"}),
            publics_ateliers=frozenset({"seniors", "demandeurs_emploi"}),
        ),
        "url_rdv": "https://ruche.example.org/rendez-vous/",
        "source": "Ville de Bagnols-sur-Cèze",
    }
    valeurs.update(kwargs)
    return fiche(lieu or LieuFactice(), **valeurs)


def _schema():
    return Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _rapport(texte):
    """frictionless reads the published bytes: UTF-8, quoting and header included."""
    donnees = texte.encode("utf-8")
    return Resource(donnees, format="csv", encoding="utf-8", schema=_schema()).validate()


# --- the schema -----------------------------------------------------------------------


def test_les_colonnes_sont_celles_du_schema_dans_son_ordre():
    schema = _schema()
    assert tuple(schema.field_names) == COLONNES


def test_le_csv_publie_est_valide_selon_le_schema_national():
    lieux = [
        LieuFactice(),
        # A second place: no phone, no coordinates, a long presentation, a datetime update.
        LieuFactice(
            pk=2,
            nom="France Services de Pont-Saint-Esprit, antenne « Les Cordeliers »",
            telephone="",
            latitude=None,
            longitude=None,
            presentation="Un lieu d'accueil, " * 40,
            date_maj=datetime(2026, 11, 3, 10, 30, tzinfo=PARIS),
            siret="",
        ),
    ]
    texte = en_csv(
        [
            _fiche(lieux[0]),
            _fiche(lieux[1], offre=Offre(), url_rdv="", siret_organisation="21300283500016"),
        ]
    )
    rapport = _rapport(texte)
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])


def test_le_schema_refuse_bien_une_mauvaise_valeur():
    """The validation is active: a phone number with spaces breaks the schema's pattern."""
    ligne = _fiche()
    ligne["telephone"] = "04 66 39 00 00"
    rapport = _rapport(en_csv([ligne]))
    assert not rapport.valid
    assert {e[0] for e in rapport.flatten(["fieldName"])} == {"telephone"}


def test_la_fiche_porte_les_champs_attendus():
    ligne = _fiche()
    assert ligne["id"] == "lieu-1"
    assert ligne["pivot"] == "21300283500016"
    assert ligne["typologie"] == "RFS"
    assert ligne["telephone"] == "+33466390000"
    assert ligne["date_maj"] == "2026-11-02"
    assert ligne["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; 2026 Dec 25 off"
    assert ligne["prise_rdv"] == "https://ruche.example.org/rendez-vous/"
    assert ligne["modalites_acces"] == (
        "Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne"
    )
    assert ligne["modalites_accompagnement"] == (
        "En autonomie|Accompagnement individuel|Dans un atelier collectif"
    )


@pytest.mark.parametrize(
    "champs",
    [{"adresse": ""}, {"commune": ""}, {"code_postal": ""}, {"code_postal": "3020"}, {"nom": " "}],
)
def test_un_lieu_sans_adresse_complete_n_est_pas_publiable(champs):
    assert publiable(_fiche())
    assert not publiable(_fiche(LieuFactice(**champs)))


def test_un_code_insee_mal_forme_est_laisse_vide():
    assert _fiche(LieuFactice(code_insee="3002"))["code_insee"] == ""
    assert _fiche(LieuFactice(code_insee="2A004"))["code_insee"] == "2A004"


def test_date_maj_est_le_jour_a_paris():
    minuit_et_demie = datetime(2026, 11, 2, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert _fiche(LieuFactice(date_maj=minuit_et_demie))["date_maj"] == "2026-11-03"


def test_un_lieu_sans_siret_est_publie_avec_un_pivot_inconnu():
    assert _fiche(LieuFactice(siret=""))["pivot"] == "00000000000000"


def test_le_json_reprend_les_memes_champs():
    donnees = json.loads(en_json([_fiche(LieuFactice(telephone=""))]))
    assert list(donnees[0]) == list(COLONNES)
    assert donnees[0]["latitude"] == 44.1623
    assert donnees[0]["telephone"] is None
    assert donnees[0]["commune"] == "Bagnols-sur-Cèze"


def test_une_cellule_reste_sur_une_ligne():
    ligne = _fiche(LieuFactice(nom="La Ruche\nnumérique", presentation="Ligne 1\r\nLigne 2"))
    assert ligne["nom"] == "La Ruche numérique"
    assert ligne["presentation_resume"] == "Ligne 1 Ligne 2"


# --- small rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("04 66 39 00 00", "+33466390000"),
        ("04.66.39.00.00", "+33466390000"),
        ("+33 4 66 39 00 00", "+33466390000"),
        ("0033466390000", "+33466390000"),
        ("06 12 34 56 78", "+33612345678"),
        ("", ""),
        ("12", ""),
        ("pas de numéro", ""),
        ("04 66 39 00", ""),
    ],
)
def test_telephone_international(saisi, attendu):
    assert telephone_international(saisi) == attendu


@pytest.mark.parametrize(
    ("sirets", "attendu"),
    [
        (("213 002 835 00016", "44"), "21300283500016"),
        (("", "21300283500016"), "21300283500016"),
        (("2130028350001", ""), ""),
        (("21300283500O16",), ""),
        ((None, ""), ""),
    ],
)
def test_pivot(sirets, attendu):
    assert pivot(*sirets) == attendu


@given(st.text(max_size=600))
def test_le_resume_tient_dans_la_limite_du_schema(texte):
    assert len(resume(texte)) <= RESUME_MAX


def test_services_depuis_les_demarches_et_les_ateliers():
    assert services(Offre()) == Service.ACCES_MATERIEL
    assert services(Offre(themes_demarches=frozenset({"retraite", "numerique"}))) == (
        "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"
        "|Accès internet et matériel informatique"
    )
    assert Service.INSERTION_PRO in services(
        Offre(publics_ateliers=frozenset({"demandeurs_emploi"}))
    )


# --- opening hours ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plages", "fermetures", "attendu"),
    [
        ([], [], ""),
        ([], [(date(2026, 12, 25), date(2026, 12, 25))], ""),
        ([(0, time(9), time(12))], [], "Mo 09:00-12:00"),
        (
            [(0, time(9), time(12)), (1, time(9), time(12)), (3, time(9), time(12))],
            [],
            "Mo,Tu,Th 09:00-12:00",
        ),
        (
            [(j, time(9), time(12)) for j in range(6)] + [(5, time(14), time(16, 30))],
            [],
            "Mo-Fr 09:00-12:00; Sa 09:00-12:00,14:00-16:30",
        ),
        # Overlapping spans of one day merge; an empty span is left out.
        (
            [(2, time(9), time(11)), (2, time(10), time(12)), (4, time(10), time(10))],
            [],
            "We 09:00-12:00",
        ),
        (
            [(0, time(9), time(12))],
            [
                (date(2027, 1, 2), date(2027, 1, 2)),
                (date(2026, 12, 24), date(2027, 1, 1)),
            ],
            "Mo 09:00-12:00; 2026 Dec 24-2027 Jan 01 off; 2027 Jan 02 off",
        ),
    ],
)
def test_horaires_osm(plages, fermetures, attendu):
    assert horaires_osm(plages, fermetures) == attendu


def test_le_parseur_osm_lit_les_horaires_et_les_fermetures():
    texte = horaires_osm(
        SEMAINE,
        [
            (date(2026, 12, 25), date(2026, 12, 25)),
            (date(2026, 8, 10), date(2026, 8, 21)),
        ],
    )
    horaires = OpeningHours(texte, timezone=PARIS)

    def ouvert(*args):
        return horaires.is_open(datetime(*args, tzinfo=PARIS))

    assert ouvert(2026, 12, 24, 9, 0)  # Thursday morning
    assert ouvert(2026, 12, 24, 16, 59)
    assert not ouvert(2026, 12, 24, 12, 30)  # lunch
    assert not ouvert(2026, 12, 24, 17, 0)
    assert not ouvert(2026, 12, 25, 10, 0)  # closed on Christmas day, a Friday
    assert ouvert(2026, 12, 28, 10, 0)  # the next Monday
    assert not ouvert(2026, 12, 26, 10, 0)  # Saturday
    assert not ouvert(2026, 8, 10, 10, 0)  # summer closure, first day
    assert not ouvert(2026, 8, 21, 15, 0)  # and last day
    assert ouvert(2026, 8, 24, 15, 0)


quart_d_heure = st.integers(min_value=0, max_value=95).map(lambda q: q * 15)
plage = st.tuples(st.integers(0, 6), quart_d_heure, quart_d_heure).filter(lambda p: p[1] < p[2])


def _heure(minutes):
    return time(minutes // 60, minutes % 60)


@given(st.lists(plage, max_size=12))
def test_toute_semaine_donne_des_horaires_osm_de_meme_sens(plages):
    texte = horaires_osm([(j, _heure(d), _heure(f)) for j, d, f in plages])
    if not plages:
        assert texte == ""
        return
    horaires = OpeningHours(texte)
    lundi = datetime(2030, 1, 7)  # a Monday, far from any closure
    attendu = set()
    for jour, debut, fin in plages:
        attendu.update(range(jour * 1440 + debut, jour * 1440 + fin, 15))
    for quart in range(0, 7 * 1440, 15):
        moment = lundi + timedelta(minutes=quart)
        # The middle of each quarter of an hour: spans start and end on quarters.
        assert horaires.is_open(moment + timedelta(minutes=7)) == (quart in attendu), texte


# --- the schema's traps ------------------------------------------------------------------


def test_le_piege_des_valeurs_jointes_par_une_barre():
    """Several values in one cell are joined with "|" alone: the schema's patterns refuse a
    space around it, and a value that holds a "|" would split into two unknown values."""
    ligne = _fiche()
    for colonne in ("services", "modalites_acces", "modalites_accompagnement"):
        assert ligne[colonne] and " |" not in ligne[colonne] and "| " not in ligne[colonne]
    assert _rapport(en_csv([ligne])).valid
    abime = dict(ligne, services=ligne["services"].replace("|", " | "))
    rapport = _rapport(en_csv([abime]))
    assert not rapport.valid
    assert {e[0] for e in rapport.flatten(["fieldName"])} == {"services"}


def test_le_piege_des_formations_labels():
    """Only the schema's exact labels pass, "Étapes numériques(La Poste)" without its space
    included: a label typed another way is published in the schema's spelling, an unknown
    one goes to the free-text column, never into formations_labels."""
    labels = [
        "Étapes numériques (La Poste)",  # a space the schema does not have
        "Formé à « Mon Espace Santé »",
        "Fabriques  de  Territoire",
        "Label départemental | maison",  # unknown, and a "|" inside
        "Formé à « Mon Espace Santé »",  # twice
    ]
    connus, autres = formations(labels)
    assert (
        connus == "Étapes numériques(La Poste)|Formé à « Mon Espace Santé »|Fabriques de Territoire"
    )
    assert autres == "Label départemental maison"
    ligne = _fiche(labels=labels)
    assert ligne["formations_labels"] == connus
    rapport = _rapport(en_csv([ligne, _fiche(LieuFactice(pk=2), labels=FORMATIONS_LABELS)]))
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    # Published as typed, the space before the bracket makes the whole file invalid.
    brut = dict(ligne, formations_labels="Étapes numériques (La Poste)")
    assert not _rapport(en_csv([brut])).valid
