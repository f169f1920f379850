"""Whatever a resident or a robot sends to the public pages, the answer is never a 500.

Every public URL gets malformed path parts, query strings and posted fields; the test
client re-raises any exception raised by a view, so a crash fails the test.
"""

from datetime import timedelta

import pytest

from permanences.creneaux import Creneau
from tests.partage import une_fois_par_module
from tests.permanences.factories import (
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
    saisie_habitant,
)

pytestmark = pytest.mark.django_db

# Path parts a link may carry once copied by hand, cut, or forged.
CLES = [
    "%00",
    "a%00b",
    "%C3%A9t%C3%A9",
    "%F0%9F%90%9D",
    "x" * 3000,
    "-1",
    "99999999999999999999999",
    "..%2F..%2Fetc",
    "%27%20OR%201%3D1--",
    "%FF%FE",
    "%20",
]
ENTIERS = ["0", "2147483648", "9223372036854775808", "9" * 40]

# Query-string values (?depuis=, ?creneau=, ?page=, ?next=).
VALEURS = [
    "",
    "%00",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "-1",
    "1-1",
    "1-253402300799",
    "1-253402297200",
    "9223372036854775808-1790000000",
    "999999999999999999-1790000000",
    "1-99999999999",
    "%C3%A9",
    "x" * 3000,
]

# Posted field values: tampered hidden fields, slots, NUL, huge, unicode.
CHAMPS = {
    "creneau": [
        "",
        "\x00",
        "1-253402300799",
        "1-253402297200",
        "1-0",
        "0-1790000000",
        "-1-1790000000",
        "999999999999999999-1790000000",
        "abc",
        "1-1-1",
    ],
    "nom": ["", "\x00", "Awa\x00Diallo", "é" * 5000, "🐝"],
    "telephone": ["\x00", "+" + "9" * 40, "06 12 34 56 78" * 50, "٠٦١٢٣٤٥٦٧٨"],
    "email": ["\x00", "a" * 64 + "@" + ("b" * 63 + ".") * 4 + "fr", "awa@exemple.fr\x00"],
    "accepte": ["", "\x00", "x" * 3000],
    "jeton": ["", "\x00", "abc:def:ghi", "x" * 3000],
    "site_web": ["\x00"],
}


@pytest.fixture(scope="module")
def monde_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module's ~700 cases; each case runs in a savepoint inside."""
    with une_fois_par_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _monde()


@pytest.fixture
def monde(monde_du_module, settings):
    settings.LIMITE_FORMULAIRES = 10_000
    return monde_du_module


def _monde():
    demarche = DemarcheFactory(slug="titre-de-sejour", nom="Renouvellement de titre de séjour")
    occurrence = occurrence_pour(demarche)
    rdv = RendezVousFactory(
        demarche=demarche,
        occurrence=occurrence,
        debut=occurrence.debut + timedelta(minutes=60),
    )
    autre_demarche = DemarcheFactory(slug="caf", nom="Dossier CAF")
    autre_occurrence = occurrence_pour(autre_demarche)
    inscription = InscriptionFactory()
    return {
        "slug": demarche.slug,
        "secret": rdv.secret,
        "pk": inscription.atelier.pk,
        "isecret": inscription.secret,
        "creneau": Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur,
        "autre_creneau": Creneau(
            autre_occurrence.debut, autre_occurrence.debut, autre_occurrence.pk
        ).valeur,
    }


GABARITS = [
    "/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/connexion/",
    "/mot-de-passe/oublie/",
    "/mot-de-passe/oublie/envoye/",
    "/mot-de-passe/change/",
    "/rendez-vous/",
    "/rendez-vous/{slug}/",
    "/rendez-vous/{slug}/reserver/",
    "/rendez-vous/{secret}/",
    "/rendez-vous/{secret}/changer/",
    "/rendez-vous/{secret}/annuler/",
    "/rendez-vous/{secret}/agenda.ics",
    "/ateliers/",
    "/ateliers/{pk}/",
    "/ateliers/inscription/{isecret}/",
    "/ateliers/inscription/{isecret}/annuler/",
]
PARAMETRES = ["depuis", "creneau", "page", "next"]


def _url(gabarit, monde, **remplace):
    return gabarit.format(**{**monde, **remplace})


def _formulaire(monde, **extra):
    return saisie_habitant(**{"creneau": monde["creneau"], **extra})


def _pas_de_500(response):
    assert response.status_code < 500, response.content[:500]


@pytest.mark.parametrize("gabarit", GABARITS)
@pytest.mark.parametrize("methode", ["get", "head", "post", "put", "delete", "options"])
def test_every_method_on_every_public_url(client, monde, gabarit, methode):
    _pas_de_500(getattr(client, methode)(_url(gabarit, monde)))


@pytest.mark.parametrize("gabarit", [g for g in GABARITS if "{" in g])
@pytest.mark.parametrize("cle", CLES)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_malformed_path_parts(client, monde, gabarit, cle, methode):
    url = _url(gabarit, monde, slug=cle, secret=cle, isecret=cle, pk=cle)
    response = getattr(client, methode)(url, _formulaire(monde) if methode == "post" else None)
    _pas_de_500(response)
    if "{pk}" not in gabarit:
        assert response.status_code in (404, 405), url


@pytest.mark.parametrize("entier", ENTIERS)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_out_of_range_workshop_ids(client, monde, entier, methode):
    response = getattr(client, methode)(f"/ateliers/{entier}/", _formulaire(monde))
    assert response.status_code == 404


@pytest.mark.parametrize("gabarit", GABARITS)
@pytest.mark.parametrize("valeur", VALEURS)
def test_malformed_query_strings(client, monde, gabarit, valeur):
    url = _url(gabarit, monde)
    query = "&".join(f"{name}={valeur}" for name in PARAMETRES)
    _pas_de_500(client.get(f"{url}?{query}"))
    _pas_de_500(client.get(f"{url}?{query}&{query}"))


POSTS = ["/rendez-vous/{slug}/reserver/", "/rendez-vous/{secret}/changer/", "/ateliers/{pk}/"]


@pytest.mark.parametrize("gabarit", POSTS)
@pytest.mark.parametrize(
    ("champ", "valeur"),
    [(champ, valeur) for champ, valeurs in CHAMPS.items() for valeur in valeurs],
)
def test_malformed_posted_fields(client, monde, gabarit, champ, valeur):
    url = _url(gabarit, monde)
    _pas_de_500(client.post(url, _formulaire(monde, **{champ: valeur})))


@pytest.mark.parametrize("gabarit", POSTS)
@pytest.mark.parametrize("absent", ["creneau", "nom", "telephone", "accepte", "jeton"])
def test_missing_fields(client, monde, gabarit, absent):
    data = _formulaire(monde)
    del data[absent]
    _pas_de_500(client.post(_url(gabarit, monde), data))


@pytest.mark.parametrize("gabarit", POSTS)
def test_duplicate_fields_and_empty_body(client, monde, gabarit):
    url = _url(gabarit, monde)
    body = "creneau=1-1&creneau=" + monde["creneau"] + "&nom=A&nom=B&accepte=on&accepte=off"
    _pas_de_500(client.post(url, body, content_type="application/x-www-form-urlencoded"))
    _pas_de_500(client.post(url, b"\xff\xfe\x00", content_type="application/x-www-form-urlencoded"))
    _pas_de_500(client.post(url, "{}", content_type="application/json"))
    _pas_de_500(client.post(url))


def test_slot_of_another_demarche_is_refused_in_french(client, monde):
    for url in [_url(g, monde) for g in POSTS[:2]]:
        response = client.post(url, _formulaire(monde, creneau=monde["autre_creneau"]))
        assert response.status_code == 200
        assert "Cette heure n&#x27;existe pas" in response.content.decode()


def test_password_reset_links_and_login_junk(client, monde):
    for url in [
        "/mot-de-passe/nouveau/%00/abc/",
        "/mot-de-passe/nouveau/" + "A" * 3000 + "/set-password/",
        "/mot-de-passe/nouveau/MQ/%F0%9F%90%9D/",
        "/mot-de-passe/nouveau/99999999999999999999/set-password/",
    ]:
        _pas_de_500(client.get(url))
        _pas_de_500(client.post(url, {"new_password1": "\x00", "new_password2": "\x00"}))
    for data in [
        {"username": "\x00", "password": "\x00"},
        {"username": "é" * 5000, "password": "x"},
        {},
    ]:
        _pas_de_500(client.post("/connexion/?next=%00", data))
        _pas_de_500(client.post("/admin/login/", data))
    _pas_de_500(client.post("/mot-de-passe/oublie/", {"email": "\x00"}))
    _pas_de_500(client.post("/mot-de-passe/oublie/", {"email": "a@" + "b" * 300 + ".fr"}))


@pytest.mark.parametrize(
    "gabarit", ["/rendez-vous/{slug}/reserver/", "/rendez-vous/{secret}/changer/"]
)
@pytest.mark.parametrize("stamp", ["253402297199", "253402297200", "253402300799", "99999999999"])
def test_a_real_session_with_a_far_future_start(client, monde, gabarit, stamp):
    """The session exists, its start is the last second Python's dates can hold: the date
    arithmetic on it must not overflow."""
    cle = monde["creneau"].split("-")[0]
    url = _url(gabarit, monde)
    _pas_de_500(client.get(f"{url}?creneau={cle}-{stamp}"))
    _pas_de_500(client.post(url, _formulaire(monde, creneau=f"{cle}-{stamp}")))
