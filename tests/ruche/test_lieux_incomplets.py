"""A place that lacks what the open-data standards need tells the staff which fields and
where to fill them: on the day board and on the place's page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ruche.donnees_ouvertes.manquants import champs_manquants
from ruche.models import Lieu
from tests.ruche.test_donnees_ouvertes_pages import _lieu

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()


def test_a_complete_place_lacks_nothing_and_an_empty_one_lacks_each_field():
    assert champs_manquants(_lieu(1)) == []
    vide = _lieu(2, adresse="", siret="", latitude=None, longitude=None)
    assert [champ for champ, _l in champs_manquants(vide)] == ["adresse", "siret", "latitude"]


def test_the_day_board_names_the_missing_fields_and_links_to_the_form(client_de, personnel):
    lieu = Lieu.objects.get()  # the install's first place, made from one line of settings
    lieu.adresse, lieu.siret = "", ""
    lieu.save()
    html = client_de(personnel).get(reverse("permanences:journee")).content.decode()
    assert "il manque l&#x27;adresse (numéro et rue), le SIRET" in html
    assert reverse("admin:ruche_lieu_change", args=[lieu.pk]) in html
    lieu.adresse = "2 place Mallet"
    lieu.siret = "21300283500016"
    lieu.latitude, lieu.longitude = 44.1623, 4.6193
    lieu.code_postal, lieu.commune = "30200", "Bagnols-sur-Cèze"
    lieu.save()
    html = client_de(personnel).get(reverse("permanences:journee")).content.decode()
    assert "pour les données ouvertes" not in html


def test_the_places_page_lists_them_beside_the_form(client_de, personnel):
    lieu = Lieu.objects.get()
    lieu.siret = ""
    lieu.save()
    html = client_de(personnel).get(reverse("admin:ruche_lieu_change", args=[lieu.pk]))
    html = html.content.decode()
    assert "Il manque à ce lieu, pour les données ouvertes" in html
    assert '<a href="#id_siret">le SIRET</a>' in html


def test_another_places_gaps_are_not_shown(client_de, personnel):
    _lieu(9, adresse="", nom="Ailleurs")
    html = client_de(personnel).get(reverse("permanences:journee")).content.decode()
    assert "Ailleurs" not in html
