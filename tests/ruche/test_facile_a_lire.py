"""Easy-to-read French on the residents' pages: short sentences, every abbreviation said in
words, neutral wording, the phone number only where there is one."""

import re
from pathlib import Path
from unittest.mock import Mock

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from partenariats.demo import VILLE
from permanences.models import RendezVous
from ruche.demo import TELEPHONE_DEMO, charger_lieu
from ruche.models.lieu import lieu_principal
from tests.partenariats.factories import OrganisationFactory
from tests.permanences.factories import RendezVousFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The longest sentence a resident reads (the law's reference on the accessibility page aside).
MOTS_PAR_PHRASE = 16


def _phrases_publiques():
    texte = CATALOGUE.read_text()
    for bloc in re.findall(r'^msgid ((?:".*"\n)+)', texte, re.MULTILINE):
        msgid = "".join(re.findall(r'"(.*)"', bloc))
        yield from (p for p in re.split(r"(?<=[.!?;])\s+|\s:\s", msgid) if p)


def test_every_public_sentence_is_short():
    longues = [
        p
        for p in _phrases_publiques()
        if len(p.split()) > MOTS_PAR_PHRASE and "2005-102" not in p and "RGAA" not in p
    ]
    assert longues == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sigle", "explication"),
    [
        ("CAF", "Caisse d'allocations familiales"),
        ("A.V.A.Q.B-C", "association de bénévoles"),
        ("France Services", "un accueil de l'État"),
    ],
)
def test_the_home_page_says_each_abbreviation_in_words(
    client, association_en_vigueur, sigle, explication
):
    page = client.get("/").content.decode()
    assert sigle in page and explication in page.replace("&#x27;", "'")


def test_the_booking_form_says_what_a_text_message_is():
    from permanences.forms.rendezvous import CoordonneesForm

    aide = str(CoordonneesForm().fields["telephone"].help_text)
    assert "SMS (un message écrit sur le téléphone)" in aide


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("statut", "attendu"),
    [
        (RendezVous.Statut.VENU, "Vous êtes venu·e à ce rendez-vous."),
        (RendezVous.Statut.ABSENT, "Vous n'êtes pas venu·e à ce rendez-vous."),
    ],
)
def test_a_past_appointment_is_told_in_neutral_words(client, statut, attendu):
    rdv = RendezVousFactory(statut=statut)
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode().replace("&#x27;", "'")
    assert attendu in page
    assert ">Venu<" not in page and ">Pas venu<" not in page


def _telephone(numero):
    lieu = lieu_principal()
    lieu.telephone = numero
    lieu.save()


@pytest.mark.django_db
def test_without_a_phone_number_no_page_asks_to_call(client, settings, rf):
    _telephone("")
    accueil = client.get("/").content.decode()
    assert "tel:" not in accueil
    request = rf.get("/rendez-vous/")
    request.user = AnonymousUser()
    page = render_to_string("permanences/trop_de_requetes.html", request=request)
    assert "tel:" not in page and "Appelez" not in page
    assert "Venez à la Ruche numérique" in page and "Adresse" in page


@pytest.mark.django_db
def test_with_a_phone_number_the_empty_demarches_page_gives_it(client):
    _telephone("04 66 00 00 00")
    page = client.get("/rendez-vous/").content.decode()
    assert 'href="tel:0466000000"' in page
    _telephone("")
    assert "tel:" not in client.get("/rendez-vous/").content.decode()


@pytest.mark.django_db
def test_the_demo_place_has_a_phone_number_and_keeps_one_typed():
    OrganisationFactory(nom=VILLE)
    _telephone("")
    charger_lieu(Mock())
    assert lieu_principal().telephone == TELEPHONE_DEMO
    _telephone("04 66 12 34 56")
    charger_lieu(Mock())
    assert lieu_principal().telephone == "04 66 12 34 56"


@pytest.mark.django_db
def test_the_calendar_file_names_the_papers_to_bring():
    from icalendar import Calendar

    from permanences.services.notifications import ics_rendez_vous

    rdv = RendezVousFactory()
    evenement = Calendar.from_ical(ics_rendez_vous(rdv)).walk("VEVENT")[0]
    assert "Papiers à apporter : Passeport" in str(evenement["DESCRIPTION"])
