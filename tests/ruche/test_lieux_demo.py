"""`manage.py demo --lieux 2`: a second, fictional place beside the first, so the network
view shows; run twice it changes nothing, and the one-place demo stays as it was."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from partenariats.models import Convention
from permanences.models import Atelier, Calendrier, Demarche, RendezVous, Salle
from ruche.models import Fermeture, Lieu, Passage, Utilisateur
from ruche.perimetre import lieux_visibles
from tests.demo import charger_demo
from tests.permanences.conftest import AUJOURDHUI
from tests.ruche.test_donnees_ouvertes import _rapport

pytestmark = pytest.mark.django_db


def instantane():
    return {
        modele.__name__: sorted(modele.objects.values_list("pk", flat=True))
        for modele in (
            Lieu,
            Salle,
            Demarche,
            Fermeture,
            Calendrier,
            Convention,
            Atelier,
            RendezVous,
            Utilisateur,
        )
    } | {"passages": Passage.objects.count()}


@time_machine.travel(AUJOURDHUI, tick=False)
def test_the_second_place_shows_the_network_and_is_published(client):
    call_command("demo", force=True, lieux=2, stdout=StringIO())
    premier = instantane()
    call_command("demo", force=True, lieux=2, stdout=StringIO())
    assert instantane() == premier
    call_command("demo", force=True, stdout=StringIO())
    assert instantane() == premier

    a, b = Lieu.objects.order_by("pk")
    assert "fictif" in b.nom and b.organisation.nom.endswith("(fictive)")
    # Rooms of the same names, each place its own démarches, calendars, closure, workshop.
    noms = sorted(Salle.objects.filter(lieu=a).values_list("nom", flat=True))
    assert sorted(Salle.objects.filter(lieu=b).values_list("nom", flat=True)) == noms
    assert Demarche.objects.filter(lieu=b).count() == 2
    # The same addresses at each place: a démarche's slug is unique per place only.
    slugs = set(Demarche.objects.filter(lieu=b).values_list("slug", flat=True))
    assert slugs <= set(Demarche.objects.filter(lieu=a).values_list("slug", flat=True))
    for slug in slugs:
        for lieu in (a, b):
            assert client.get(f"/{lieu.slug}/rendez-vous/{slug}/").status_code == 200
    # This semester validated; the next one is left for the volunteers to prepare there.
    assert list(Calendrier.objects.filter(lieu=b).values_list("annee", "semestre", "statut")) == [
        (2026, 2, "valide")
    ]
    assert Fermeture.objects.filter(lieu=b).count() == 1
    assert Atelier.objects.filter(salle__lieu=b).count() == 1
    assert RendezVous.objects.des_lieux([b.pk]).count() == 2
    assert Passage.objects.filter(lieu=b).exists()
    # The same association under a convention with each place.
    for lieu in (a, b):
        parties = Convention.objects.get(lieu=lieu).parties.values_list("organisation__sigle")
        assert ("A.V.A.Q.B-C",) in parties
    # Each agent sees their own place, the coordination every place.
    assert lieux_visibles(Utilisateur.objects.get(username="agent")) == [a.pk]
    assert lieux_visibles(Utilisateur.objects.get(username="agent2")) == [b.pk]
    assert lieux_visibles(Utilisateur.objects.get(username="coordination")) is None
    # The first place has no street address (the convention gives none): only the second is
    # in the open-data file, as a valid row of the national schema.
    assert a.adresse == ""
    texte = client.get("/donnees/lieux.csv").content.decode("utf-8")
    lignes = texte.strip().splitlines()
    assert len(lignes) == 2 and "Pont-Saint-Esprit" in lignes[1]
    assert _rapport(texte).valid


@time_machine.travel(AUJOURDHUI, tick=False)
def test_an_older_demo_keeps_the_second_place_s_demarches_under_the_shared_slugs():
    charger_demo(lieux=2)
    b = Lieu.objects.order_by("pk").last()
    for demarche in Demarche.objects.filter(lieu=b):
        demarche.slug += "-garrigues"
        demarche.save()
    avant = instantane()
    call_command("demo", force=True, lieux=2, stdout=StringIO())
    assert instantane() == avant
    assert not Demarche.objects.filter(lieu=b, slug__endswith="-garrigues").exists()
