import datetime as dt

import pytest
from django.core.management import call_command

from permanences.models import Calendrier, Demarche, Occurrence, ReservationSalle, Salle
from permanences.services.semestre import (
    conflits_du_calendrier,
    sauter_dates,
    semestre_suivant,
    soumettre_calendrier,
)
from ruche.models import Fermeture, Utilisateur
from tests.demo import charger_demo

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "salles": Salle.objects.count(),
        "demarches": Demarche.objects.count(),
        "fermetures": Fermeture.objects.count(),
        "calendriers": list(Calendrier.objects.values_list("annee", "semestre", "statut")),
        "occurrences": list(Occurrence.objects.values_list("pk", "debut", "statut")),
        "reservations": list(ReservationSalle.objects.values_list("pk", "debut", "annulee")),
    }


def test_demo_validates_this_semester_drafts_the_next_and_is_idempotent(aujourdhui):
    call_command("demo", force=True)
    first = snapshot()
    call_command("demo", force=True)
    assert snapshot() == first
    assert first["salles"] == 3 and first["demarches"] == 3 and first["fermetures"] == 1
    assert sorted(first["calendriers"]) == [(2026, 2, "valide"), (2027, 1, "brouillon")]
    sessions = Occurrence.objects.select_related("reservation__salle")
    assert not sessions.filter(date__range=(dt.date(2026, 12, 24), dt.date(2027, 1, 2))).exists()
    assert not sessions.filter(date=dt.date(2026, 7, 14)).exists()
    cancelled = sessions.get(statut=Occurrence.Statut.ANNULEE)
    assert cancelled.date == dt.date(2026, 12, 8) and cancelled.reservation.annulee
    tuesday = sessions.filter(date__week_day=3).first()
    assert tuesday.reservation.salle.nom == "Bureau d'accueil 1"
    assert tuesday.permanence.intervenants.get().username == "presidente"
    thursday = sessions.filter(date__week_day=5).first()
    assert thursday.reservation.salle.nom == "Bureau d'accueil 2"
    assert thursday.permanence.demarches.count() == 2


def test_a_volunteer_can_try_the_next_semester_on_a_fresh_demo(aujourdhui):
    """The next semester is a draft with one clash: skip that date, then send the rest."""
    charger_demo()
    annee, semestre = semestre_suivant(aujourdhui.date())
    brouillon = Calendrier.objects.get(annee=annee, semestre=semestre)
    assert brouillon.statut == Calendrier.Statut.BROUILLON and brouillon.est_modifiable
    permanences, trouves = conflits_du_calendrier(brouillon)
    bloquants = [(p, c) for i, p in enumerate(permanences) for c in trouves[i] if c.bloquant]
    ((mardi, conflit),) = bloquants
    assert conflit.dates == (dt.date(2027, 2, 2),)
    presidente = Utilisateur.objects.get(username="presidente")
    sauter_dates(permanence=mardi, dates=conflit.dates, par=presidente)
    soumettre_calendrier(calendrier=brouillon, par=presidente)
    assert Calendrier.objects.get(pk=brouillon.pk).statut == Calendrier.Statut.SOUMIS
