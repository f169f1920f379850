"""Public pages per place: with one place the addresses stay; with several, `/` lists the
places (nearest first by postcode) and each place has its pages under its slug, showing only
its démarches, slots, workshops, closures and phone. Two places here have rooms of the same
names, a démarche of the same slug and the same partner association."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from permanences.creneaux import Creneau
from permanences.models import Calendrier, Demarche, RendezVous, Salle
from permanences.services.notifications import contexte_rendez_vous
from permanences.services.rendezvous import annuler_rendez_vous
from ruche.adresses import mots_reserves
from ruche.models import HoraireOuverture, Lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    FermetureFactory,
    RendezVousFactory,
    occurrence_pour,
    saisie_habitant,
)

pytestmark = pytest.mark.django_db


def valeur(occurrence):
    return Creneau(occurrence.debut, occurrence.debut, occurrence.pk).valeur


@pytest.fixture
def reseau():
    """Bagnols (the first place) and Pont-Saint-Esprit, the same partner in both (a
    convention with each place: the factory's default one is the first place's)."""
    partenaire = OrganisationFactory(nom="Association des quartiers", sigle="AQ")
    bagnols = lieu_principal()
    Lieu.objects.filter(pk=bagnols.pk).update(
        code_postal="30200", commune="Bagnols-sur-Cèze", telephone="04 66 00 00 01"
    )
    bagnols.refresh_from_db()
    pont = Lieu.objects.create(
        nom="France Services Pont",
        slug="pont",
        adresse="1 place de la République",
        code_postal="30130",
        commune="Pont-Saint-Esprit",
        telephone="04 66 00 00 02",
    )
    HoraireOuverture.objects.create(
        lieu=pont, jour=timezone.localdate().weekday(), debut="09:00", fin="12:00"
    )
    convention_pont = ConventionFactory(
        lieu=pont, debut=date(2020, 1, 1), premiere_fin=date(2020, 12, 31)
    )
    PartieFactory(convention=convention_pont, organisation=partenaire, ordre=1)
    monde = {"partenaire": partenaire}
    for cle, lieu, ville in (("a", bagnols, "Bagnols"), ("b", pont, "Pont")):
        salle = Salle.objects.create(nom="Salle Cèze", capacite=8, lieu=lieu)
        demarche = DemarcheFactory(lieu=lieu, slug="retraite", nom=f"Retraite à {ville}")
        calendrier = Calendrier.objects.create(
            lieu=lieu, organisation=partenaire, annee=2027, semestre=1
        )
        occurrence = occurrence_pour(
            demarche,
            calendrier=calendrier,
            salle=salle,
        )
        atelier = AtelierFactory(salle=salle, organisation=partenaire, titre=f"Atelier à {ville}")
        monde[cle] = {
            "lieu": lieu,
            "salle": salle,
            "demarche": demarche,
            "occurrence": occurrence,
            "atelier": atelier,
        }
    return monde


def texte(reponse):
    return reponse.content.decode()


def test_with_one_place_the_addresses_stay(client, demarche, occurrence):
    lieu = lieu_principal()
    accueil = client.get("/")
    assert accueil.status_code == 200 and "La Ruche numérique vous aide" in texte(accueil)
    assert f'href="/{lieu.slug}/' not in texte(accueil)
    assert "/rendez-vous/titre-de-sejour/" in texte(client.get("/rendez-vous/"))
    assert client.get("/ateliers/").status_code == 200
    # The place's own address leads to the usual one, with its query.
    reponse = client.get(f"/{lieu.slug}/rendez-vous/titre-de-sejour/?depuis=2027-01-01")
    assert reponse.status_code == 302
    assert reponse.url == "/rendez-vous/titre-de-sejour/?depuis=2027-01-01"
    assert client.get(f"/{lieu.slug}/").url == "/"


def test_the_home_page_lists_the_places(client, reseau):
    page = texte(client.get("/"))
    for nom, commune, telephone, adresse in (
        ("La Ruche numérique", "Bagnols-sur-Cèze", "04 66 00 00 01", "/la-ruche-numerique/"),
        ("France Services Pont", "Pont-Saint-Esprit", "04 66 00 00 02", "/pont/"),
    ):
        assert nom in page and commune in page and telephone in page
        assert f'href="{adresse}"' in page
    assert "de 09:00 à 12:00" in page  # Pont opens today
    assert "puis les codes postaux les plus proches du vôtre" in page
    assert 'name="code_postal"' in page


def test_the_list_of_places_speaks_for_the_network_not_the_first_place(client, demarche):
    """Title, header and footer of `/` with several places: no single place's name or logos,
    even when the one place's header was kept in the cache before the second place came."""
    assert "<img" in client.get("/").content.decode()  # one place: its logos, as ever
    Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont-Saint-Esprit")
    page = texte(client.get("/"))
    for debut, fin in (("<title>", "</title>"), ("<header", "</header>"), ("<footer", "</footer>")):
        morceau = page[page.index(debut) : page.index(fin)]
        for mot in ("Bagnols", "<img", "Ruche", "A.V.A.Q.B-C", "Pont"):
            assert mot not in morceau, (debut, mot)
    assert '<span class="entete-lieu">Espaces France Services</span>' in page
    assert "Choisir un lieu — Espaces France Services</title>" in page
    assert "Ces lieux vous aident pour vos démarches sur internet." in page


def test_a_postcode_puts_the_nearest_places_first(client, reseau):
    def ordre(code):
        reponse = client.get("/", {"code_postal": code})
        assert reponse.status_code == 200
        return [lieu.slug for lieu in reponse.context["lieux"]]

    assert ordre("") == ["pont", "la-ruche-numerique"]  # by name: "France Services Pont" first
    assert ordre("30200") == ["la-ruche-numerique", "pont"]
    assert ordre("30130") == ["pont", "la-ruche-numerique"]
    assert ordre("30 130") == ["pont", "la-ruche-numerique"]
    assert ordre("٣٠٢٠٠") == ["la-ruche-numerique", "pont"]  # Arabic-Indic digits
    # The same département first, then the nearest postcode by number.
    assert ordre("30210") == ["la-ruche-numerique", "pont"]
    Lieu.objects.filter(slug="pont").update(code_postal="07700")
    cache.clear()
    assert ordre("30130") == ["la-ruche-numerique", "pont"]
    assert ordre("07000") == ["pont", "la-ruche-numerique"]


@pytest.mark.parametrize("code", ["abc", "3020", "302000", "<script>", "3" * 5000, "²0200"])
def test_a_bad_postcode_is_answered_beside_the_field(client, reseau, code):
    reponse = client.get("/", {"code_postal": code})
    assert reponse.status_code == 200
    page = texte(reponse)
    assert "Écrivez les 5 chiffres de votre code postal." in page
    assert 'class="form-control is-invalid"' in page or "is-invalid" in page
    assert [lieu.slug for lieu in reponse.context["lieux"]] == ["pont", "la-ruche-numerique"]


def test_a_nul_byte_in_the_postcode_is_refused_beside_the_field(client, reseau):
    reponse = client.get("/", {"code_postal": "30\x00200"})
    assert reponse.status_code == 200 and "is-invalid" in texte(reponse)


def test_a_place_s_pages_carry_its_name_not_the_first_place_s(client, reseau):
    """Header, footer and title of another place's pages name it, not Bagnols' Ruche."""
    for adresse in ("/pont/", "/pont/rendez-vous/", "/pont/ateliers/"):
        page = texte(client.get(adresse))
        for debut, fin in (
            ("<title>", "</title>"),
            ("<header", "</header>"),
            ("<footer", "</footer>"),
        ):
            morceau = page[page.index(debut) : page.index(fin)]
            assert "Bagnols" not in morceau and "<img" not in morceau, (adresse, debut)
        assert '<span class="entete-lieu">France Services Pont</span>' in page
        assert "— France Services Pont</title>" in page
        assert "France Services Pont vous aide pour vos démarches" in page
        assert "Ce lieu est à Pont-Saint-Esprit." in page
    # The first place keeps its own name there too, without the other's.
    page = texte(client.get(f"/{reseau['a']['lieu'].slug}/rendez-vous/"))
    assert "France Services Pont" not in page


def test_each_place_shows_only_its_own(client, reseau):
    a, b = reseau["a"], reseau["b"]
    jour = timezone.localdate(b["occurrence"].debut)
    FermetureFactory(lieu=a["lieu"], debut=jour, fin=jour, motif="Travaux à Bagnols")
    accueil = texte(client.get("/pont/"))
    assert "France Services Pont" in accueil and "04 66 00 00 02" in accueil
    assert "04 66 00 00 01" not in accueil
    assert 'href="/pont/rendez-vous/"' in accueil and 'href="/pont/ateliers/"' in accueil
    demarches = texte(client.get("/pont/rendez-vous/"))
    assert "Retraite à Pont" in demarches and "Retraite à Bagnols" not in demarches
    assert 'href="/pont/rendez-vous/retraite/"' in demarches
    # The same slug at each place: each its own démarche and slots; Bagnols' closure that
    # day leaves Pont's slots.
    creneaux_b = texte(client.get("/pont/rendez-vous/retraite/"))
    assert valeur(b["occurrence"]) in creneaux_b and valeur(a["occurrence"]) not in creneaux_b
    assert "/pont/rendez-vous/retraite/reserver/" in creneaux_b
    creneaux_a = texte(client.get("/la-ruche-numerique/rendez-vous/retraite/"))
    assert valeur(b["occurrence"]) not in creneaux_a and valeur(a["occurrence"]) not in creneaux_a
    ateliers = texte(client.get("/pont/ateliers/"))
    assert "Atelier à Pont" in ateliers and "Atelier à Bagnols" not in ateliers
    assert f'href="/pont/ateliers/{b["atelier"].pk}/"' in ateliers
    detail = texte(client.get(f"/pont/ateliers/{b['atelier'].pk}/"))
    assert "1 place de la République" in detail and "04 66 00 00 01" not in detail


def test_a_place_s_home_speaks_of_that_place(client, reseau):
    """Its presentation, the partners of its conventions in force, its address, phone and
    hours: not the first place's association, offers or partners."""
    OrganisationFactory(nom="Amis du vieux Bagnols", sigle="AVB")  # at the first place only
    plus_tard = OrganisationFactory(nom="Anciens de Pont", sigle="AP", en_convention=False)
    debut = timezone.localdate() + timedelta(days=30)
    a_venir = ConventionFactory(
        lieu=reseau["b"]["lieu"], debut=debut, premiere_fin=debut + timedelta(days=364)
    )
    PartieFactory(convention=a_venir, organisation=plus_tard, ordre=1)
    Lieu.objects.filter(slug="pont").update(presentation="Près de la mairie, au rez-de-chaussée.")
    cache.clear()
    pont = texte(client.get("/pont/"))
    assert '<h1 class="mb-3">France Services Pont</h1>' in pont
    assert "Près de la mairie, au rez-de-chaussée." in pont
    assert "Nos partenaires dans ce lieu" in pont and "Association des quartiers (AQ)" in pont
    assert "Amis du vieux Bagnols" not in pont and "Anciens de Pont" not in pont
    for ailleurs in ("A.V.A.Q.B-C", "Ce que nous faisons", "Bagnols", "Ruche numérique"):
        assert ailleurs not in pont, ailleurs
    assert "Ou venez nous voir pendant les heures d'ouverture." in pont
    assert "France Services Pont, 1 place de la République, 30130 Pont-Saint-Esprit" in pont
    assert 'href="tel:0466000002"' in pont
    bagnols = texte(client.get(f"/{reseau['a']['lieu'].slug}/"))
    assert "Amis du vieux Bagnols (AVB)" in bagnols and "Association des quartiers (AQ)" in bagnols
    assert "A.V.A.Q.B-C" not in bagnols and "Pont" not in bagnols


def test_a_place_open_one_day_a_week_says_which_day(client, reseau):
    page = texte(client.get("/pont/"))
    jour = WEEKDAYS[timezone.localdate().weekday()]
    assert f"{jour.capitalize()} : de 09:00 à 12:00" in page
    assert f"Du {jour} au {jour}" not in page


def test_another_place_s_demarche_or_workshop_is_a_404(client, reseau):
    a, b = reseau["a"], reseau["b"]
    DemarcheFactory(lieu=a["lieu"], slug="carte-grise", nom="Carte grise")
    assert client.get("/pont/rendez-vous/carte-grise/").status_code == 404
    assert client.get("/pont/rendez-vous/carte-grise/reserver/").status_code == 404
    assert client.get(f"/pont/ateliers/{a['atelier'].pk}/").status_code == 404
    assert client.get(f"/la-ruche-numerique/ateliers/{b['atelier'].pk}/").status_code == 404
    assert client.get("/nulle-part/rendez-vous/").status_code == 404
    # Under a place, a booking's secret is not a démarche: the secret has its own address.
    rdv = RendezVousFactory(occurrence=b["occurrence"], demarche=b["demarche"])
    assert client.get(f"/pont/rendez-vous/{rdv.secret}/").status_code == 404


def test_addresses_without_a_place_lead_to_one(client, reseau):
    a, b = reseau["a"], reseau["b"]
    assert client.get("/rendez-vous/").url == "/"
    assert client.get("/ateliers/").url == "/"
    assert client.get("/rendez-vous/retraite/").url == "/"  # at both places
    DemarcheFactory(lieu=b["lieu"], slug="carte-grise", nom="Carte grise")
    assert client.get("/rendez-vous/carte-grise/").url == "/pont/rendez-vous/carte-grise/"
    reponse = client.get(f"/rendez-vous/carte-grise/reserver/?creneau={valeur(b['occurrence'])}")
    assert (
        reponse.url == f"/pont/rendez-vous/carte-grise/reserver/?creneau={valeur(b['occurrence'])}"
    )
    assert client.get(f"/ateliers/{a['atelier'].pk}/").url == (
        f"/la-ruche-numerique/ateliers/{a['atelier'].pk}/"
    )
    assert client.get("/rendez-vous/inconnue/").status_code == 404


def test_booking_at_a_place_end_to_end(client, reseau, django_capture_on_commit_callbacks):
    b = reseau["b"]
    a_adresse = reseau["a"]["lieu"].adresse_complete
    adresse = f"/pont/rendez-vous/retraite/reserver/?creneau={valeur(b['occurrence'])}"
    assert client.get(adresse).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/pont/rendez-vous/retraite/reserver/",
            saisie_habitant(creneau=valeur(b["occurrence"]), email="awa@exemple.fr"),
        )
    rdv = RendezVous.objects.get()
    assert reponse.status_code == 302 and reponse.url == f"/rendez-vous/{rdv.secret}/"
    assert rdv.demarche == b["demarche"] and rdv.demarche.lieu == b["lieu"]
    # The secret link keeps its address; the page, the mail and the ICS say Pont.
    page = texte(client.get(reponse.url))
    assert "1 place de la République" in page and a_adresse not in page
    courriel = mail.outbox[0]
    assert "1 place de la République" in courriel.body and a_adresse not in courriel.body
    # A cancellation's message offers to book again at the same place.
    assert contexte_rendez_vous(rdv)["lien_demarche"].endswith("/pont/rendez-vous/retraite/")
    ics = texte(client.get(f"/rendez-vous/{rdv.secret}/agenda.ics"))
    assert "Pont-Saint-Esprit" in ics.replace("\r\n ", "")
    imprimer = texte(client.get(f"/rendez-vous/{rdv.secret}/imprimer/"))
    assert "1 place de la République" in imprimer and a_adresse not in imprimer


@pytest.mark.parametrize(
    "slug", ["rendez-vous", "ateliers", "espace", "admin", "static", "media", "donnees", "agenda"]
)
def test_a_place_slug_may_not_take_a_word_of_the_site(slug):
    lieu = Lieu(nom="Nouveau lieu", slug=slug)
    with pytest.raises(ValidationError) as erreur:
        lieu.full_clean()
    assert "sert déjà aux adresses du site" in str(erreur.value.message_dict["slug"])


def test_the_reserved_words_are_the_site_s_own():
    mots = mots_reserves()
    for mot in (
        "statistiques",
        "passages",
        "connexion",
        "langue",
        "conventions",
        "organisations",
        "communication",
        "logos",
        "accessibilite",
        "sante",
        "mot-de-passe",
    ):
        assert mot in mots
    Lieu(nom="Pont", slug="pont").clean_fields(exclude=["organisation"])


def test_a_demarche_slug_is_unique_per_place(reseau):
    pont = reseau["b"]["lieu"]
    Demarche(lieu=pont, slug="autre", nom="Autre", theme="retraite").validate_constraints()
    with pytest.raises(ValidationError) as erreur:
        Demarche(lieu=pont, slug="retraite", nom="Doublon", theme="retraite").validate_constraints()
    assert "Ce lieu a déjà une démarche à cette adresse courte." in str(erreur.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Demarche.objects.create(lieu=pont, slug="retraite", nom="Doublon", theme="retraite")


def test_a_day_closed_shows_on_the_list(client, reseau):
    aujourdhui = timezone.localdate()
    FermetureFactory(lieu=reseau["b"]["lieu"], debut=aujourdhui, fin=aujourdhui + timedelta(1))
    page = texte(client.get("/"))
    pont = page.split('id="lieu-pont"')[1]
    assert "Fermé." in pont.split("Choisir ce lieu")[0]


def test_a_place_s_refusals_send_residents_to_that_place(client, settings, reseau):
    """Too late to change a booking, a daily cap reached, no free time: the resident is told
    to call or come to the place of the page, in their language, never to Bagnols' Ruche."""
    b = reseau["b"]
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 0
    adresse = f"/pont/rendez-vous/retraite/reserver/?creneau={valeur(b['occurrence'])}"
    client.get(adresse)
    reponse = client.post(
        "/pont/rendez-vous/retraite/reserver/",
        saisie_habitant(creneau=valeur(b["occurrence"]), telephone="06 12 34 56 78"),
    )
    assert reponse.status_code == 429
    assert "appelez ou venez à France Services Pont." in texte(reponse)

    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 10
    Demarche.objects.filter(pk=b["demarche"].pk).update(delai_modification_heures=24 * 30)
    rdv = RendezVousFactory(occurrence=b["occurrence"], demarche=b["demarche"])
    page = texte(client.get(f"/rendez-vous/{rdv.secret}/"))
    assert "Appelez ou venez à France Services Pont." in page
    with pytest.raises(ValidationError) as refus:
        annuler_rendez_vous(rendez_vous=rdv)
    assert refus.value.messages == [
        "Il est trop tard pour changer ce rendez-vous sur internet. "
        "Appelez ou venez à France Services Pont."
    ]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = texte(client.get(f"/rendez-vous/{rdv.secret}/annuler/"))
    assert "Call or come to France Services Pont." in page and "Bagnols" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    DemarcheFactory(lieu=b["lieu"], slug="titre-de-sejour", nom="Titre de séjour")
    page = texte(client.get("/pont/rendez-vous/titre-de-sejour/"))
    assert "Revenez plus tard ou appelez France Services Pont." in page
    assert "Ruche numérique" not in page
