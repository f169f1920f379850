"""The number a resident reads on the waiting list is their place among those still
waiting, whoever left or got a place before them."""

from itertools import count

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanences.models import Inscription
from permanences.services.ateliers import annuler_inscription, inscrire, modifier_atelier
from tests.permanences.factories import AtelierFactory, SalleFactory

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
