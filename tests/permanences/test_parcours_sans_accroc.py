"""The booking flow without a stumble: error summary, confirmation with the link and where
it was sent, printable page, cancelled bookings, where and when to find the Ruche."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from permanences.models import RendezVous
from permanences.services.notifications import masquer_email, masquer_telephone
from permanences.textes_publics import LIBELLES
from ruche.models.lieu import lieu_principal
from tests.permanences.factories import RendezVousFactory, saisie_habitant
from tests.permanences.test_pages_rendez_vous import valeur

pytestmark = pytest.mark.django_db


def test_an_error_brings_a_focused_summary_linking_to_the_fields(client, demarche, occurrence):
    response = client.post(
        "/rendez-vous/titre-de-sejour/reserver/",
        saisie_habitant(creneau=valeur(occurrence), accepte="", nom=""),
    )
    page = response.content.decode()
    assert re.search(r"<title>Erreur — ", page)
    resume = re.search(r'<div id="erreurs"[^>]*>', page).group(0)
    assert "autofocus" in resume and 'tabindex="-1"' in resume
    assert 'href="#id_nom"' in page and 'href="#id_accepte"' in page
    assert page.index('id="erreurs"') < page.index("<h1")
    assert page.count("cases marquées d'une étoile (*)") == 1
    page = client.get(f"/rendez-vous/titre-de-sejour/reserver/?creneau={valeur(occurrence)}")
    assert not page.content.decode().startswith("<title>Erreur") and b'id="erreurs"' not in (
        page.content
    )


def test_the_confirmation_shows_the_link_where_it_was_sent_ics_and_print(client, occurrence):
    rdv = RendezVousFactory(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        email="awa.diallo@exemple.fr",
        telephone="0612345678",
    )
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    assert f"http://testserver/rendez-vous/{rdv.secret}/" in page
    assert "a•••@exemple.fr" in page and "06 •• •• •• 78" in page
    assert "awa.diallo" not in page and "0612345678" not in page
    assert f"/rendez-vous/{rdv.secret}/agenda.ics" in page
    assert f"/rendez-vous/{rdv.secret}/imprimer/" in page
    assert "js/copier" in page and "data-copier" in page
    imprimable = client.get(f"/rendez-vous/{rdv.secret}/imprimer/")
    assert imprimable.status_code == 200 and "Passeport" in imprimable.content.decode()
    assert client.get("/rendez-vous/lien-faux-0123456789abcdefghij/imprimer/").status_code == 404


@pytest.mark.parametrize(
    "statut", [RendezVous.Statut.ANNULE_HABITANT, RendezVous.Statut.ANNULE_ASSOCIATION]
)
def test_a_cancelled_booking_shows_neither_papers_nor_change_link(client, occurrence, statut):
    rdv = RendezVousFactory(
        occurrence=occurrence, demarche=occurrence.permanence.demarches.get(), statut=statut
    )
    page = client.get(f"/rendez-vous/{rdv.secret}/").content.decode()
    assert "Passeport" not in page and "Papiers à apporter" not in page
    assert "Changer de jour ou d'heure" not in page and "/annuler/" not in page


def test_masks():
    assert masquer_email("awa@exemple.fr") == "a•••@exemple.fr"
    assert masquer_email("") == ""
    assert masquer_telephone("06 12 34 56 78") == "06 •• •• •• 78"
    assert masquer_telephone("") == ""


def test_home_and_too_many_requests_say_where_and_when(client, settings, rf):
    lieu = lieu_principal()
    lieu.telephone = "04 66 00 00 00"
    lieu.save()
    page = client.get("/").content.decode()
    assert settings.RUCHE_ADRESSE in page and 'href="tel:0466000000"' in page
    assert "openstreetmap.org/search?query=" in page
    assert "Du lundi au vendredi, de 08:30 à 18:00." in page
    request = rf.get("/rendez-vous/")
    request.user = AnonymousUser()
    page = render_to_string("permanences/trop_de_requetes.html", request=request)
    assert settings.RUCHE_ADRESSE in page and "04 66 00 00 00" in page


def test_public_labels_of_model_choices_are_in_the_catalogues():
    from permanences.models import Atelier

    for choix in [Atelier.Public, RendezVous.Statut]:
        for _valeur, libelle in choix.choices:
            assert libelle in LIBELLES
