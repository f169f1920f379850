"""The number a resident reads on the waiting list is their place among those still
waiting, whoever left or got a place before them."""

import re
from itertools import count

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanences.models import Inscription
from permanences.services.ateliers import annuler_inscription, inscrire, modifier_atelier
from tests.permanences.factories import AtelierFactory, SalleFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def rang_affiche(client, inscription):
    page = client.get(reverse("permanences:inscription", args=[inscription.secret]))
    texte = page.content.decode()
    debut = texte.index("(numéro ") + len("(numéro ")
    return int(texte[debut : texte.index(")", debut)])


def test_the_number_shown_follows_those_who_leave_or_get_a_place(
    client, django_capture_on_commit_callbacks
):
    atelier = AtelierFactory(capacite=1)
    with django_capture_on_commit_callbacks(execute=True):
        awa, bruno, chloe, driss = (
            inscrire(atelier=atelier, nom=nom, email=f"{nom.lower()}@exemple.fr")
            for nom in ("Awa", "Bruno", "Chloe", "Driss")
        )
        annuler_inscription(inscription=chloe)
        emma = inscrire(atelier=atelier, nom="Emma", email="emma@exemple.fr")
    # Emma is third on the list (Bruno, Driss, Emma), whatever number she was given.
    assert "(numéro 3)" in next(m for m in mail.outbox if m.to == ["emma@exemple.fr"]).body
    assert [rang_affiche(client, i) for i in (bruno, driss, emma)] == [1, 2, 3]
    annuler_inscription(inscription=awa)  # Bruno gets the place
    assert [rang_affiche(client, i) for i in (driss, emma)] == [1, 2]
    modifier_atelier(atelier=atelier, capacite=2)  # Driss gets the new place
    assert rang_affiche(client, emma) == 1


SALLES = count()
OPERATIONS = st.lists(
    st.one_of(
        st.just(("inscrire", 0)),
        st.tuples(st.just("annuler"), st.integers(0, 20)),
        st.just(("agrandir", 0)),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(operations=OPERATIONS)
def test_the_numbers_are_one_to_n_in_order_of_arrival_after_any_sequence(client, operations):
    """A model of the list beside the real one: after each step the people still waiting
    read 1, 2, 3… in the order they came."""
    salle = SalleFactory(nom=f"Salle {next(SALLES)}", capacite=20)  # one per example
    atelier = AtelierFactory(capacite=1, salle=salle)
    places, attente, numero = [], [], 0
    for operation, choix in operations:
        if operation == "inscrire":
            numero += 1
            inscription = inscrire(
                atelier=atelier, nom=f"Personne {numero}", telephone="0612345678"
            )
            (places if len(places) < atelier.capacite else attente).append(inscription.pk)
        elif operation == "annuler" and places + attente:
            pk = (places + attente)[choix % len(places + attente)]
            annuler_inscription(inscription=Inscription.objects.get(pk=pk))
            if pk in places:
                places.remove(pk)
            else:
                attente.remove(pk)
        elif operation == "agrandir" and atelier.capacite < 6:
            atelier.refresh_from_db()
            modifier_atelier(atelier=atelier, capacite=atelier.capacite + 1)
            atelier.capacite += 1
        while attente and len(places) < atelier.capacite:
            places.append(attente.pop(0))
        rangs = [Inscription.objects.get(pk=pk).rang for pk in attente]
        assert rangs == list(range(1, len(attente) + 1)), operations
    for rang, pk in enumerate(attente, start=1):
        assert rang_affiche(client, Inscription.objects.get(pk=pk)) == rang


# --- The staff read the same number in the admin ---------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(PersonnelFactory(is_superuser=True))
    return client


def liste_avec_un_trou():
    """Awa has the place; Bruno, Chloe, Driss wait (positions 1, 2, 3); Chloe leaves."""
    atelier = AtelierFactory(capacite=1)
    awa, bruno, chloe, driss = (
        inscrire(atelier=atelier, nom=nom, email=f"{nom.lower()}@exemple.fr")
        for nom in ("Awa", "Bruno", "Chloe", "Driss")
    )
    annuler_inscription(inscription=chloe)
    return awa, bruno, driss


def rangs_de_la_liste(page):
    """{name: the rank column's text} of an admin list page."""
    texte = page.content.decode()
    lignes = re.findall(r"<tr>.*?</tr>", texte, re.DOTALL)
    rangs = {}
    for ligne in lignes:
        nom = re.search(r'<th class="field-nom"><a [^>]*>([^<]*)</a>', ligne)
        rang = re.search(r'<td class="field-rang_attente[^"]*">([^<]*)</td>', ligne)
        if nom and rang:
            rangs[nom[1]] = rang[1]
    return rangs


def test_the_admin_list_shows_the_rank_among_those_still_waiting(admin_client):
    _, bruno, driss = liste_avec_un_trou()
    assert driss.position == 3
    url = reverse("admin:permanences_inscription_changelist")
    rangs = rangs_de_la_liste(admin_client.get(url))
    assert (rangs["Bruno"], rangs["Driss"], rangs["Chloe"], rangs["Awa"]) == ("1", "2", "-", "-")
    # A search keeps the rank on the whole list, not among the rows found.
    assert rangs_de_la_liste(admin_client.get(url, {"q": "Driss"})) == {"Driss": "2"}
    # Ordered by the stored position.
    ordonnee = admin_client.get(url, {"statut__exact": "en_attente", "o": "4"})
    assert list(rangs_de_la_liste(ordonnee).items()) == [("Bruno", "1"), ("Driss", "2")]


def test_the_admin_detail_shows_the_rank_among_those_still_waiting(admin_client):
    awa, _, driss = liste_avec_un_trou()
    for inscription, attendu in ((driss, "2"), (awa, "-")):
        page = admin_client.get(
            reverse("admin:permanences_inscription_change", args=[inscription.pk])
        )
        champ = re.search(
            r'field-rang_attente.*?<div class="readonly">([^<]*)</div>',
            page.content.decode(),
            re.DOTALL,
        )
        assert champ and champ[1] == attendu
        assert 'name="position"' not in page.content.decode()
    atelier = reverse("admin:permanences_atelier_change", args=[driss.atelier_id])
    texte = admin_client.get(atelier).content.decode()
    rangs = re.findall(r'<td class="field-rang_attente">\s*<p>([^<]*)</p>', texte)
    assert sorted(rangs) == ["-", "-", "1", "2"]


def test_the_admin_list_counts_the_ranks_in_its_own_query(admin_client):
    atelier = AtelierFactory(capacite=1)
    url = reverse("admin:permanences_inscription_changelist")
    # Warm first: the account, the places of the header and the accessibility status are
    # kept at versions a registration does not change, and so is the session from the third
    # request on (ruche.sessions): only the list's own queries count.
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url).status_code == 200
    comptes = []
    for nombre in (2, 12):
        for i in range(nombre):
            inscrire(atelier=atelier, nom=f"Personne {nombre}-{i}", email=f"p{nombre}{i}@ex.fr")
        with CaptureQueriesContext(connection) as requetes:
            assert admin_client.get(url).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
