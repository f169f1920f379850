"""The booking service tells a lost race by what the constraint raises, not by its words."""

import pytest

from permanences.models import RendezVous
from permanences.services.rendezvous import CreneauPris, _enregistrer
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour

pytestmark = pytest.mark.django_db


def test_a_lost_race_is_told_by_its_class_not_its_wording(monkeypatch):
    demarche = DemarcheFactory()
    occurrence = occurrence_pour(demarche)
    premier = RendezVousFactory(occurrence=occurrence, demarche=demarche)
    # Reworded constraints (another language, a new text) still mean "taken".
    for contrainte in RendezVous._meta.constraints:
        monkeypatch.setattr(contrainte, "violation_error_message", "Autre libellé.")
        if hasattr(contrainte, "message"):
            monkeypatch.setattr(contrainte, "message", "Autre libellé.")
    second = RendezVous(
        occurrence=occurrence,
        demarche=demarche,
        debut=premier.debut,
        fin=premier.fin,
        nom="Nadia Haddad",
        telephone="06 11 22 33 44",
    )
    with pytest.raises(CreneauPris):
        _enregistrer(second)
