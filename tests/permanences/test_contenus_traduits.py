"""What staff type (workshops, démarches) in each language; French shown on an English or
Arabic page says so (`lang="fr"`, `dir="ltr"`, WCAG 3.1.2); the Arabic pages read right to
left: back arrows point right, a masked phone number keeps its order."""

import re

import pytest
from django.utils.translation import override

from permanences.models import Atelier
from permanences.services.ateliers import modifier_atelier
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import AtelierFactory, RendezVousFactory, SalleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier():
    return AtelierFactory(
        titre_en="First steps with a smartphone",
        titre_ar="الخطوات الأولى مع الهاتف الذكي",
        description_en="",  # not translated: the French one shows
    )


def page(client, langue, url):
    client.get(f"/langue/{langue}/")
    return client.get(url).content.decode()


def test_a_workshop_reads_in_each_language_and_french_fills_the_gaps(atelier):
    atelier = Atelier.objects.get(pk=atelier.pk)
    assert atelier.titre_fr == "Premiers pas sur le smartphone"
    with override("ar"):
        assert atelier.titre == "الخطوات الأولى مع الهاتف الذكي"
        assert atelier.description.startswith("Envoyer un message")
    with override("en"):
        assert atelier.titre == "First steps with a smartphone"


def test_the_workshop_pages_show_the_translation_and_mark_the_french_left(client, atelier):
    liste = page(client, "en", "/ateliers/")
    assert f'<h2 id="atelier-{atelier.pk}" class="h4">First steps with a smartphone</h2>' in liste
    detail = page(client, "ar", f"/ateliers/{atelier.pk}/")
    assert "<h1>الخطوات الأولى مع الهاتف الذكي</h1>" in detail
    assert '<p class="lead" lang="fr" dir="ltr">Envoyer un message' in detail
    # In French nothing is marked: the page is French.
    detail = page(client, "fr", f"/ateliers/{atelier.pk}/")
    assert "<h1>Premiers pas sur le smartphone</h1>" in detail
    assert 'lang="fr" dir="ltr">' not in detail.split("<main", 1)[1]


def test_a_demarche_typed_in_french_only_is_marked_french_on_every_page(client, demarche):
    RendezVousFactory(demarche=demarche, secret="lien-de-test-0123456789")
    attendu = '<span lang="fr" dir="ltr">Renouvellement de titre de séjour</span>'
    creneaux = page(client, "en", f"/rendez-vous/{demarche.slug}/")
    assert f"<h1 {attendu[1:]}" not in creneaux and attendu in creneaux
    assert '<p class="lead" lang="fr" dir="ltr">On vous aide' in creneaux
    assert '<ul class="liste-pieces list-unstyled" lang="fr" dir="ltr">' in creneaux
    liste = page(client, "ar", "/rendez-vous/")
    assert 'fw-bold" lang="fr" dir="ltr">Renouvellement de titre de séjour</span>' in liste
    lien = page(client, "ar", "/rendez-vous/lien-de-test-0123456789/")
    assert '<dd lang="fr" dir="ltr">Renouvellement de titre de séjour</dd>' in lien


def test_a_translated_demarche_carries_no_french_mark(client, demarche):
    demarche.nom_en = "Residence permit renewal"
    demarche.description_en = "We help you apply on the internet."
    demarche.pieces_a_apporter_en = "Passport\nProof of address"
    demarche.save()
    creneaux = page(client, "en", f"/rendez-vous/{demarche.slug}/")
    assert 'lang="fr" dir="ltr"' not in creneaux.split("<main", 1)[1].replace(
        'lang="fr" hreflang', ""
    )


def test_back_arrows_point_the_reading_direction(client, atelier):
    fleche = re.compile(r'<span aria-hidden="true">(.)</span> ')
    assert fleche.findall(page(client, "fr", f"/ateliers/{atelier.pk}/")) == ["←"]
    assert fleche.findall(page(client, "en", f"/ateliers/{atelier.pk}/")) == ["←"]
    assert fleche.findall(page(client, "ar", f"/ateliers/{atelier.pk}/")) == ["→"]


def test_a_masked_phone_number_keeps_its_order_in_arabic(client):
    rdv = RendezVousFactory(telephone="0612345672", email="awa.diallo@exemple.fr", langue="ar")
    arabe = page(client, "ar", f"/rendez-vous/{rdv.secret}/")
    assert '<bdi dir="ltr">06 •• •• •• 72</bdi>' in arabe
    assert '<bdi dir="ltr">a•••@exemple.fr</bdi>' in arabe
    assert "<bdi" not in page(client, "fr", f"/rendez-vous/{rdv.secret}/")


def test_admin_types_a_workshop_in_three_languages(admin_client):
    salle = SalleFactory(nom="Salle des ateliers", capacite=8)
    data = {
        "titre_fr": "Premiers pas sur le smartphone",
        "titre_en": "First steps with a smartphone",
        "titre_ar": "الخطوات الأولى مع الهاتف الذكي",
        "description_fr": "Envoyer un message.",
        "description_en": "Send a message.",
        "description_ar": "",
        "public": "seniors",
        "organisation": OrganisationFactory().pk,
        "salle": salle.pk,
        "debut_0": "04/03/2031",
        "debut_1": "14:00",
        "fin_0": "04/03/2031",
        "fin_1": "16:00",
        "capacite": 8,
        "inscriptions-TOTAL_FORMS": 0,
        "inscriptions-INITIAL_FORMS": 0,
    }
    response = admin_client.post("/admin/permanences/atelier/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    atelier = Atelier.objects.get()
    assert (atelier.titre_fr, atelier.titre_en, atelier.description_en) == (
        "Premiers pas sur le smartphone",
        "First steps with a smartphone",
        "Send a message.",
    )
    response = admin_client.post(
        f"/admin/permanences/atelier/{atelier.pk}/change/",
        {**data, "titre_ar": "خطوات أولى", "description_en": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    atelier.refresh_from_db()
    assert atelier.titre_ar == "خطوات أولى" and not atelier.description_en
    assert atelier.titre_fr == "Premiers pas sur le smartphone"


def test_changing_a_workshop_keeps_its_translations(atelier):
    modifier_atelier(atelier=atelier, capacite=4, titre="Le smartphone pas à pas")
    atelier.refresh_from_db()
    assert atelier.titre_fr == "Le smartphone pas à pas"
    assert atelier.titre_en == "First steps with a smartphone"
