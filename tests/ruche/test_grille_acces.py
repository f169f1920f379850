"""Every named URL of the project × every role, GET and POST, against one rule per page kind.

The per-app grids check pages one by one; this one walks the URL configuration, so a page
added without a rule here fails the test until someone decides who may reach it.
"""

import contextlib
from datetime import date, time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from permanences.models import JetonCalendrier
from ruche.models import Utilisateur
from tests.partage import une_fois_par_module
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import (
    AvenantFactory,
    ComiteSuiviFactory,
    ConventionFactory,
    DocumentFactory,
    ManquementFactory,
    PartieFactory,
    ResiliationFactory,
    RucheFactory,
)
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
)
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    CoordinationFactory,
    PassageFactory,
    PersonnelFactory,
    RepresentantFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

# What each page is: who may reach it follows from the kind alone.
PUBLIC = "public"  # anyone, no login
CLE = "cle"  # no login, the secret address is the key
ESPACE = "espace"  # volunteers and staff
ESPACE_OBJET = "espace_objet"  # volunteers of the owning organisation, and staff
LECTURE = "lecture"  # staff, the follow-up committee and the partner's representative, read only
LECTURE_RUCHE = "lecture_ruche"  # staff and the follow-up committee, read only
PERSONNEL = "personnel"  # staff only
LOGO = "logo"  # staff, the committee, and the volunteers of the logo's organisation
# Communication documents (Article 5): the volunteers of a party to the document's
# convention and staff act on them; the committee reads them too.
COMMUNICATION = "communication"  # everyone with a role
DOCUMENT = "document"  # staff, the committee, the volunteers of a party: like LOGO
# What a partner's representative does in its name: its answer at the committee, a failure
# of the Ruche notified… (another partner's convention is a 404).
PARTIE = "partie"
PARTIES = "parties"  # either party: staff for the Ruche, the representative for its partner

GENRES = {
    # permanences: the volunteers' space
    "permanences:semaine": ESPACE,
    "permanences:mois": ESPACE,
    "permanences:jour": ESPACE,
    "permanences:reserver": ESPACE,
    "permanences:agenda": ESPACE,
    "permanences:espace_rendez_vous_aujourdhui": ESPACE,
    "permanences:espace_rendez_vous_nouveau": ESPACE,
    "permanences:espace_rendez_vous_jour": ESPACE,
    "permanences:annuler": ESPACE_OBJET,
    "permanences:feuille": ESPACE_OBJET,
    "permanences:espace_rendez_vous": ESPACE_OBJET,
    "permanences:espace_presence": ESPACE_OBJET,
    "permanences:occupation": PERSONNEL,
    "permanences:journee": PERSONNEL,
    "permanences:calendriers": ESPACE,
    "permanences:calendrier_brouillon": ESPACE_OBJET,
    "permanences:permanence_brouillon": ESPACE_OBJET,
    "permanences:retirer_permanence": ESPACE_OBJET,
    "permanences:sauter_dates": ESPACE_OBJET,
    "permanences:remettre_date": ESPACE_OBJET,
    "permanences:soumettre_calendrier": ESPACE_OBJET,
    "permanences:calendriers_a_valider": PERSONNEL,
    "permanences:valider_calendrier": PERSONNEL,
    "permanences:renvoyer_calendrier": PERSONNEL,
    "permanences:espace_ateliers": ESPACE,
    "permanences:espace_atelier": ESPACE_OBJET,
    "permanences:espace_presence_atelier": ESPACE_OBJET,
    "permanences:agenda_ics": CLE,
    # permanences: the residents' side
    "permanences:demarches": PUBLIC,
    "permanences:demarche_ou_rendez_vous": PUBLIC,
    "permanences:reserver_rendez_vous": PUBLIC,
    "permanences:deplacer": PUBLIC,
    "permanences:annuler_rendez_vous": PUBLIC,
    "permanences:agenda_rendez_vous": PUBLIC,
    "permanences:imprimer_rendez_vous": PUBLIC,
    "permanences:plus_tot": PUBLIC,
    "permanences:prevenir_plus_tot": PUBLIC,
    "permanences:ateliers": PUBLIC,
    "permanences:atelier": PUBLIC,
    "permanences:inscription": PUBLIC,
    "permanences:annuler_inscription": PUBLIC,
    # a place's public pages under its slug (several places; one place: sent to the above)
    "lieu:accueil": PUBLIC,
    "lieu:demarches": PUBLIC,
    "lieu:demarche_ou_rendez_vous": PUBLIC,
    "lieu:reserver_rendez_vous": PUBLIC,
    "lieu:ateliers": PUBLIC,
    "lieu:atelier": PUBLIC,
    # conventions
    "partenariats:liste": LECTURE,
    "partenariats:detail": LECTURE,
    "partenariats:pdf": LECTURE,
    "partenariats:avenant_pdf": LECTURE,
    "partenariats:comite_nouveau": PERSONNEL,
    "partenariats:avenant_nouveau": PERSONNEL,
    "partenariats:manquement_nouveau": PERSONNEL,
    "partenariats:fin": PERSONNEL,
    "partenariats:manquement_lettre": LECTURE,  # both parties read the letters
    "partenariats:manquement_de_la_ruche": PARTIE,
    "partenariats:rencontre_nouvelle": PARTIES,
    "partenariats:bilan": LECTURE,  # each party completes its own commitments
    "partenariats:manquement_reception": PERSONNEL,
    "partenariats:manquement_remede": PERSONNEL,
    "partenariats:scan": PERSONNEL,
    "partenariats:document_nouveau": PERSONNEL,
    "partenariats:comite_compte_rendu": LECTURE,  # the committee records its own minutes
    "partenariats:comite_accord": PARTIE,
    "partenariats:comite_compte_rendu_fichier": LECTURE,
    "partenariats:comite_compte_rendu_pdf": LECTURE,
    "partenariats:comite_non_tenu": PERSONNEL,
    "partenariats:communication": COMMUNICATION,
    "partenariats:communication_deposer": ESPACE,
    "partenariats:communication_viser": ESPACE_OBJET,
    "partenariats:communication_publier": ESPACE_OBJET,
    "partenariats:communication_fichier": DOCUMENT,
    # uploaded files: the scan and documents as their convention's page, a logo as below
    "partenariats:scan_fichier": LECTURE,
    "partenariats:document_fichier": LECTURE,
    "partenariats:logo": LOGO,
    "partenariats:organisations": PERSONNEL,  # the staff's logo uploads
    "partenariats:logo_modifier": PARTIES,  # staff; the partner's representative its own
    "partenariats:logo_entete": PUBLIC,  # the page header's logos
    # statistics and the visitor log
    "statistiques:tableau_de_bord": LECTURE,
    "statistiques:rapport": LECTURE,
    "statistiques:csv": LECTURE,
    "statistiques:xlsx": LECTURE,
    "statistiques:reseau_csv": LECTURE_RUCHE,  # the networks' files: the Ruche's desk
    "statistiques:reseau_xlsx": LECTURE_RUCHE,
    "passages:journal": PERSONNEL,
    "passages:corriger": PERSONNEL,
    "passages:supprimer": PERSONNEL,
    "passages:mediation": PERSONNEL,  # a visit's mediation details, as its correction
}
# Pages answering POST only: a GET is refused (405) once access is granted.
POST_SEULEMENT = {
    "permanences:espace_presence",
    "permanences:retirer_permanence",
    "permanences:sauter_dates",
    "permanences:remettre_date",
    "permanences:soumettre_calendrier",
    "permanences:valider_calendrier",
    "permanences:renvoyer_calendrier",
    "permanences:espace_presence_atelier",
    "partenariats:communication_viser",
    "partenariats:communication_publier",
}
# Notes belong to the organisation that receives the person: the Ruche staff read the
# appointment but cannot write its notes. A volunteer who does not speak for the association
# gives no visa (its Présidente, whoever she designates, does).
EXCEPTIONS = {
    ("permanences:espace_rendez_vous", "personnel", "post"): 403,
    ("partenariats:communication_viser", "benevole_a", "post"): 403,
    # A partner reads what ends of its activity; staff alone confirm it.
    ("partenariats:fin", "representant_a", "get"): "ok",
}

ESPACES_DE_NOMS = ("partenariats", "permanences", "statistiques", "passages", "lieu")


def noms_des_urls():
    """Every named URL of the namespaces, with the names of its parameters."""
    found = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in ESPACES_DE_NOMS:
            for pattern in entry.url_patterns:
                if pattern.name:
                    name = f"{entry.namespace}:{pattern.name}"
                    found[name] = sorted({**entry.pattern.converters, **pattern.pattern.converters})
    return found


URLS = noms_des_urls()
ROLES = [
    "anonyme",
    "sans_role",
    "benevole_a",
    "representant_a",
    "benevole_b",
    "comite",
    "personnel",
    "coordination",
]
# The network coordination reads the conventions and statistics of its places; the committee
# writes its minutes, the coordination does not.
ECRITS_PAR_LE_COMITE = {"partenariats:comite_compte_rendu"}


def test_every_named_url_has_a_rule():
    assert set(URLS) == set(GENRES)


@pytest.fixture(scope="module")
def monde_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of `monde`, built once per test module: a grid case costs ~0.4 s to build
    it and ~0.05 s to request its page."""
    medias = tmp_path_factory.mktemp("media")
    with une_fois_par_module(django_db_blocker, medias):
        yield {**_monde(), "medias": medias}


@pytest.fixture
def monde(monde_du_module, db, settings):
    """Organisation A holds today's session with an appointment; B is another association.

    The public forms count posts per address in the cache: it starts and ends empty."""
    settings.MEDIA_ROOT = monde_du_module["medias"]
    cache.clear()
    yield monde_du_module
    cache.clear()


def _monde():
    demarche = DemarcheFactory(slug="carte-grise", nom="Refaire ma carte grise")
    benevole_a = BenevoleFactory()
    occurrence = occurrence_pour(
        demarche,
        jour=timezone.localdate(),
        debut=time(0, 0),
        fin=time(23, 0),
        organisation=benevole_a.organisation,
    )
    rdv = RendezVousFactory(occurrence=occurrence, demarche=demarche, nom="Awa Diallo")
    # A's convention in force: its representative reads it; B's volunteer does not.
    convention = convention_signee(association=benevole_a.organisation)
    convention.scan_signe = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n%%EOF\n")
    convention.save()
    organisation = benevole_a.organisation
    organisation.logo = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n")
    organisation.save()
    AvenantFactory(convention=convention)
    comite_suivi = ComiteSuiviFactory(convention=convention, date=date(2024, 11, 28))
    comite_suivi.compte_rendu_pdf = SimpleUploadedFile("cr.pdf", b"%PDF-1.7\n%%EOF\n")
    comite_suivi.save()
    # A convention of organisation A, ended (so its logo is not on the public header), with
    # a communication document waiting for the visas.
    convention_a = ConventionFactory()
    PartieFactory(convention=convention_a, organisation=organisation, ordre=1)
    PartieFactory(convention=convention_a, organisation=RucheFactory(), ordre=2)
    ResiliationFactory(convention=convention_a, date=date(2025, 1, 1))
    personnel = PersonnelFactory()
    inscription = InscriptionFactory(atelier=AtelierFactory(organisation=benevole_a.organisation))
    return {
        "utilisateurs": {
            "anonyme": None,
            "sans_role": UtilisateurFactory(),
            "benevole_a": benevole_a,
            "representant_a": RepresentantFactory(organisation=benevole_a.organisation),
            "benevole_b": BenevoleFactory(),
            "comite": ComiteFactory(),
            "personnel": personnel,
            "coordination": CoordinationFactory(),
        },
        "occurrence": occurrence,
        "rdv": rdv,
        "demarche": demarche,
        "convention": convention,
        "document": DocumentFactory(convention=convention),
        "document_a": DocumentFactory(convention=convention_a),
        "comite_suivi": comite_suivi,
        # Sent, not yet received: it changes nothing in the convention's term.
        "manquement": ManquementFactory(convention=convention, recue_le=None),
        "passage": PassageFactory(auteur=personnel),
        "jeton": JetonCalendrier.objects.create(utilisateur=benevole_a),
        "inscription": inscription,
    }


def url_de(name, monde):
    """The URL of a named page, its parameters taken from the objects of `monde`."""
    rdv, occurrence = monde["rdv"], monde["occurrence"]
    by_param = {
        "jour": occurrence.date,
        "numero": 1,
        "document": monde["document"].pk,
        "manquement": monde["manquement"].pk,
        "annee": 2026,
        "slug": monde["demarche"].slug,
        "cle": monde["demarche"].slug,
        "secret": rdv.secret,
        "comite": monde["comite_suivi"].pk,
        "place": "partenaire",
        "lieu": monde["demarche"].lieu.slug,
        "fin": "2025-12-31",  # the 2025 committee was not held: flagged
        "fichier": "france-services",
    }
    pk_by_namespace = {
        "partenariats": monde["convention"].pk,
        "passages": monde["passage"].pk,
    }
    kwargs = {}
    for param in URLS[name]:
        if param == "pk":
            namespace = name.split(":")[0]
            if name in ("permanences:espace_rendez_vous", "permanences:espace_presence"):
                kwargs["pk"] = rdv.pk
            elif name in ("partenariats:logo", "partenariats:logo_modifier"):
                kwargs["pk"] = monde["utilisateurs"]["benevole_a"].organisation_id
            elif name == "permanences:espace_presence_atelier":
                kwargs["pk"] = monde["inscription"].pk
            elif name in ("permanences:atelier", "permanences:espace_atelier", "lieu:atelier"):
                kwargs["pk"] = monde["inscription"].atelier_id
            elif "permanence_pk" in URLS[name] or "calendrier" in name:
                kwargs["pk"] = occurrence.permanence.calendrier_id
            else:
                kwargs["pk"] = pk_by_namespace.get(namespace, occurrence.pk)
        elif param == "permanence_pk":
            kwargs[param] = occurrence.permanence_id
        else:
            kwargs[param] = by_param[param]
    if name == "permanences:agenda_ics":
        kwargs["cle"] = monde["jeton"].cle
    elif name.startswith("permanences:") and name.endswith("inscription"):
        kwargs["secret"] = monde["inscription"].secret
    elif name.startswith("partenariats:communication_") and "document" in URLS[name]:
        kwargs["document"] = monde["document_a"].pk
    elif name == "statistiques:csv":
        kwargs["cle"] = "accompagnement"
    elif name == "statistiques:xlsx":
        kwargs["cle"] = "tout"
    return reverse(name, kwargs=kwargs)


def attendu(name, role, method):
    genre = GENRES[name]
    """'ok', 'login', 403 or 404: what the role gets on a page of that kind."""
    if genre in (PUBLIC, CLE):
        return "ok"
    if (name, role, method) in EXCEPTIONS:
        return EXCEPTIONS[(name, role, method)]
    if role == "anonyme":
        return "login"
    if role == "coordination":
        lecture = genre in (LECTURE, LECTURE_RUCHE) and name not in ECRITS_PAR_LE_COMITE
        return "ok" if lecture and method == "get" else 403
    allowed = {
        ESPACE: {"benevole_a", "representant_a", "benevole_b", "personnel"},
        ESPACE_OBJET: {"benevole_a", "representant_a", "personnel"},
        LECTURE: {"comite", "personnel", "representant_a"},
        LECTURE_RUCHE: {"comite", "personnel"},
        LOGO: {"benevole_a", "representant_a", "comite", "personnel"},
        DOCUMENT: {"benevole_a", "representant_a", "comite", "personnel"},
        COMMUNICATION: {"benevole_a", "representant_a", "benevole_b", "comite", "personnel"},
        PERSONNEL: {"personnel"},
        PARTIE: {"representant_a"},
        PARTIES: {"personnel", "representant_a"},
    }[genre]
    if role == "representant_a" and name in ECRITS_PAR_LE_COMITE:
        return 403
    if role in allowed:
        return "ok"
    if genre in (ESPACE_OBJET, LOGO, DOCUMENT) and role == "benevole_b":
        return 404  # another organisation's object does not exist for them
    return 403


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(GENRES))
def test_grid(client_de, monde, name, role, method):
    url = url_de(name, monde)
    # The logos the public header shows are public; the grid checks the rule for the others
    # (the world's partner holds a convention in force, so its logo is on the header).
    hors_entete = mock.patch("partenariats.views.logos.ids_en_vue", return_value=[])
    with hors_entete if GENRES[name] == LOGO else contextlib.nullcontext():
        response = getattr(client_de(monde["utilisateurs"][role]), method)(url)
    expected = attendu(name, role, method)
    status = response.status_code
    assert status < 500, url
    if expected == "login":
        assert status == 302 and response.url.startswith(reverse("login")), url
    elif expected == "ok":
        assert status not in (403, 404), url
        if status == 302:
            assert not response.url.startswith(reverse("login")), url
        if method == "get" and GENRES[name] != PUBLIC:
            assert status == (405 if name in POST_SEULEMENT else 200), url
    elif expected == 404:
        # A method the page does not answer is refused before any lookup: nothing leaks.
        assert status in (404, 405), url
    else:
        assert status == expected, url


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_accounts_only(client_de, monde, role):
    response = client_de(monde["utilisateurs"][role]).get(reverse("admin:index"))
    if role == "personnel":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_a_volunteers_feed_holds_only_their_organisations_sessions(client, monde):
    other = occurrence_pour(
        monde["demarche"], organisation=monde["utilisateurs"]["benevole_b"].organisation
    )
    feed = client.get(url_de("permanences:agenda_ics", monde)).content.decode()
    assert f"seance-{monde['occurrence'].pk}@" in feed
    assert f"seance-{other.pk}@" not in feed
    assert "Awa Diallo" not in feed  # no resident's name in a phone's calendar


@pytest.mark.parametrize("role", ROLES)
def test_admin_posts_give_nobody_more_rights(client_de, monde, role):
    """Each role posts to the account admin: it raises itself and another account to
    superuser, and creates a superuser. Nobody gains a right; only staff get past login."""
    utilisateur = monde["utilisateurs"][role]
    cible = monde["utilisateurs"]["benevole_b"]
    client = client_de(utilisateur)
    escalade = {"is_superuser": "on", "is_staff": "on", "is_active": "on"}
    urls = [reverse("admin:ruche_utilisateur_change", args=[cible.pk])]
    if utilisateur is not None:
        urls.append(reverse("admin:ruche_utilisateur_change", args=[utilisateur.pk]))
    for url in urls:
        response = client.post(url, {"username": "x", "date_joined_0": "2026-01-01", **escalade})
        assert response.status_code < 500, url
        if role != "personnel":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("admin:login")), url
    response = client.post(
        reverse("admin:ruche_utilisateur_add"),
        {"username": "complice", "password1": "Ab-12345678", "password2": "Ab-12345678"} | escalade,
    )
    assert response.status_code < 500
    assert not Utilisateur.objects.filter(is_superuser=True).exists()
    assert set(Utilisateur.objects.filter(is_staff=True)) == {monde["utilisateurs"]["personnel"]}
