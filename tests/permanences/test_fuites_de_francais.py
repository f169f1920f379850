"""No French on the residents' pages read in English or Arabic, outside the data staff typed
in French, which is then marked `lang="fr"` (tests/francais.py says what counts as French)."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import override

from permanences.models import DemandePlusTot, Inscription, RendezVous, Salle
from permanences.services.notifications import lieu
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from tests.francais import francais, texte_de_page
from tests.permanences.factories import (
    AtelierFactory,
    InscriptionFactory,
    RendezVousFactory,
    occurrence_pour,
    saisie_habitant,
)
from tests.permanences.test_pages_rendez_vous import valeur

pytestmark = pytest.mark.django_db

NOM = "Awa Diallo"
# Proper names, which stay as they are in every language (WCAG 3.1.2 leaves them out).
NOMS_PROPRES = (
    "La Ruche numérique",
    "Ruche numérique",
    "A.V.A.Q.B-C",
    "Bagnols-sur-Cèze",
    "Défenseur des droits",
)


@pytest.fixture
def donnees(demarche, occurrence):
    """What the pages show that the test typed in French: the place, the démarche (not
    translated: it must show marked French), a workshop, the resident's name."""
    lieu_fr = lieu_principal()
    lieu_fr.telephone = "04 66 00 00 00"
    lieu_fr.save()
    atelier = AtelierFactory()
    return {
        # A page's <title> cannot mark French: it may name them without lang.
        "titres": [demarche.nom, atelier.titre],
        "demarche": demarche,
        "occurrence": occurrence,
        "atelier": atelier,
        "textes": [NOM, *NOMS_PROPRES, lieu_fr.nom, lieu_fr.adresse_complete],
    }


def textes(donnees):
    """The data typed in French, the rooms and organisations the pages made so far too."""
    return [
        *donnees["textes"],
        *[texte for salle in Salle.objects.all() for texte in (lieu(salle), str(salle))],
        # Organisation, wherever its app is: the occurrence's.
        *type(donnees["occurrence"].permanence.organisation).objects.values_list("nom", flat=True),
    ]


def lire(client, url, methode="get", data=None, statuts=(200,)):
    response = getattr(client, methode)(url, data or {}, follow=methode == "post")
    assert response.status_code in statuts, (url, response.status_code)
    return response.content.decode()


def pages(client, donnees):
    """(address, HTML) of every page a resident may see, in the client's language."""
    demarche, occurrence, atelier = donnees["demarche"], donnees["occurrence"], donnees["atelier"]
    creneau = valeur(occurrence)
    reserver = f"/rendez-vous/{demarche.slug}/reserver/"
    yield "/", lire(client, "/")
    yield "/rendez-vous/", lire(client, "/rendez-vous/")
    yield "démarche", lire(client, f"/rendez-vous/{demarche.slug}/")
    yield "formulaire", lire(client, f"{reserver}?creneau={creneau}")
    yield "formulaire vide", lire(client, reserver, "post", {"creneau": creneau})
    yield (
        "formulaire sans contact",
        lire(client, reserver, "post", saisie_habitant(creneau=creneau, telephone="", email="")),
    )
    yield (
        "mauvais numéro",
        lire(client, reserver, "post", saisie_habitant(creneau=creneau, telephone="12")),
    )
    yield "heure inconnue", lire(client, f"{reserver}?creneau=1-2")
    yield "réservé", lire(client, reserver, "post", saisie_habitant(creneau=creneau, nom=NOM))
    yield (
        "heure prise",
        lire(client, reserver, "post", saisie_habitant(creneau=creneau, nom=NOM), (409,)),
    )
    rdv = RendezVous.objects.get()
    yield "lien", lire(client, f"/rendez-vous/{rdv.secret}/")
    prevenir = f"/rendez-vous/{rdv.secret}/plus-tot/prevenir/"
    yield "prévenir", lire(client, prevenir, "post", {"prevenir": "oui"})
    plus_tot = occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=3))
    DemandePlusTot.objects.update(occurrence_proposee=plus_tot, debut_propose=plus_tot.debut)
    yield "plus tôt", lire(client, f"/rendez-vous/{rdv.secret}/plus-tot/")
    RendezVousFactory(occurrence=plus_tot, demarche=demarche, debut=plus_tot.debut)
    yield "plus tôt pris", lire(client, f"/rendez-vous/{rdv.secret}/plus-tot/")
    yield "ne plus prévenir", lire(client, prevenir, "post", {"prevenir": "non"})
    yield "imprimer", lire(client, f"/rendez-vous/{rdv.secret}/imprimer/")
    yield "changer", lire(client, f"/rendez-vous/{rdv.secret}/changer/")
    autre = valeur(occurrence, minutes=demarche.duree_minutes)
    yield "changer pour", lire(client, f"/rendez-vous/{rdv.secret}/changer/?creneau={autre}")
    yield (
        "changé",
        lire(client, f"/rendez-vous/{rdv.secret}/changer/", "post", {"creneau": autre}),
    )
    yield "annuler", lire(client, f"/rendez-vous/{rdv.secret}/annuler/")
    yield "annulé", lire(client, f"/rendez-vous/{rdv.secret}/annuler/", "post")
    for statut in (RendezVous.Statut.ANNULE_ASSOCIATION, RendezVous.Statut.VENU, "absent"):
        RendezVous.objects.filter(pk=rdv.pk).update(statut=statut)
        yield statut, lire(client, f"/rendez-vous/{rdv.secret}/")
    passe = RendezVousFactory(
        nom=NOM,
        demarche=demarche,
        occurrence=occurrence_pour(demarche, jour=timezone.localdate() - timedelta(days=3)),
    )
    yield "passé", lire(client, f"/rendez-vous/{passe.secret}/")
    RendezVous.objects.filter(pk=rdv.pk).update(
        statut=RendezVous.Statut.RESERVE, debut=timezone.now() + timedelta(hours=1)
    )
    yield "trop tard", lire(client, f"/rendez-vous/{rdv.secret}/changer/")
    yield "lien inconnu", lire(client, "/rendez-vous/inconnu-0123/", statuts=(404,))

    yield "/ateliers/", lire(client, "/ateliers/")
    yield "atelier", lire(client, f"/ateliers/{atelier.pk}/")
    yield "atelier vide", lire(client, f"/ateliers/{atelier.pk}/", "post", {})
    yield (
        "inscrit",
        lire(client, f"/ateliers/{atelier.pk}/", "post", saisie_habitant(nom=NOM)),
    )
    InscriptionFactory.create_batch(atelier.capacite, atelier=atelier)
    yield "atelier complet", lire(client, f"/ateliers/{atelier.pk}/")
    yield (
        "en attente",
        lire(client, f"/ateliers/{atelier.pk}/", "post", saisie_habitant(nom=NOM, telephone="")),
    )
    inscription = Inscription.objects.filter(nom=NOM).first()
    yield (
        "inscription annulée",
        lire(client, f"/ateliers/inscription/{inscription.secret}/annuler/", "post"),
    )
    yield "atelier introuvable", lire(client, "/ateliers/999999/", statuts=(404,))
    yield "/accessibilite/", lire(client, "/accessibilite/")
    yield "/donnees-personnelles/", lire(client, "/donnees-personnelles/")
    yield "page introuvable", lire(client, "/nulle-part/", statuts=(404,))


def pages_d_erreur(langue):
    requete = RequestFactory().get("/")
    with override(langue):
        for gabarit in ("400.html", "403.html", "403_csrf.html", "500.html"):
            yield gabarit, render_to_string(gabarit, {"request": requete})
        yield (
            "trop de requêtes",
            render_to_string("permanences/trop_de_requetes.html", {"request": requete}),
        )


@pytest.mark.parametrize("langue", ["en", "ar"])
def test_no_french_on_the_residents_pages(client, donnees, langue):
    client.get(f"/langue/{langue}/")
    fuites = []
    for nom, html in [*pages(client, donnees), *pages_d_erreur(langue)]:
        assert f'<html lang="{langue}"' in html, nom
        fuites += [
            f"{nom}: {mot} « {autour} »"
            for mot, autour in francais(
                texte_de_page(html, titre_sans=donnees["titres"]), textes(donnees)
            )
        ]
    assert not fuites, "\n".join(fuites)


def test_with_several_places_the_list_and_a_place_read_without_french(client, donnees):
    Lieu.objects.create(
        nom="France Services Pont", slug="pont", code_postal="30130", commune="Pont-Saint-Esprit"
    )
    textes_ici = [*textes(donnees), "France Services Pont", "Pont-Saint-Esprit"]
    for langue in ["en", "ar"]:
        client.get(f"/langue/{langue}/")
        principal = lieu_principal()
        for url in ["/", f"/{principal.slug}/", f"/{principal.slug}/rendez-vous/"]:
            assert francais(texte_de_page(lire(client, url)), textes_ici) == [], (langue, url)


def test_the_reader_leaves_out_marked_french_and_keeps_what_is_read():
    html = (
        '<html lang="en"><head><title>Booking</title><script>var jour = 1;</script></head>'
        '<body><p lang="fr">Papiers à apporter</p><img alt="Le logo"><p>Service : x</p>'
        '<a aria-label="Lundi 3 mai">3</a></body></html>'
    )
    texte = texte_de_page(html)
    assert "Papiers" not in texte and "jour" not in texte
    assert [mot for mot, _autour in francais(texte)] == ["Le", "Lundi", "mai", "e : "]
    assert francais("Service: x, Monday 3 May at 10:00") == []
