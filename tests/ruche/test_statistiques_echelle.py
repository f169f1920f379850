"""The statistics at a network's scale and under writes: the convention a year's committee
reviews is found without reading every convention of the network, and a visit typed renews
the dashboard's visitor tables only, not its bookings' and workshops' sections."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from partenariats.models import Convention
from partenariats.statistiques import LOT_CONVENTIONS, etat_convention
from ruche.models import Lieu, Passage, TotalHistorique
from ruche.models.passage import Accompagnement
from ruche.statistiques import sections
from ruche.statistiques.sources import SOURCES
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.ruche import activite
from tests.ruche.activite import PRESENT, VENU

pytestmark = pytest.mark.django_db

NOVEMBRE_2026 = date(2026, 11, 26)


def convention_du_lieu(numero, **kwargs):
    """A place of the network and its convention with its own association."""
    lieu = Lieu.objects.create(nom=f"France Services {numero}", slug=f"lieu-{numero}")
    convention = ConventionFactory(lieu=lieu, titre=f"Convention {numero}", **kwargs)
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(
        convention=convention,
        organisation=OrganisationFactory(nom=f"Association {numero}", en_convention=False),
        ordre=2,
    )
    return convention


class Lues:
    """The conventions made into objects (read from the database) while it is open."""

    def __enter__(self):
        self.pks = []
        post_init.connect(self.lue, sender=Convention)
        return self

    def lue(self, sender, instance, **kwargs):
        self.pks.append(instance.pk)

    def __exit__(self, *exc):
        post_init.disconnect(self.lue, sender=Convention)


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_the_network_reads_its_conventions_up_to_the_first_in_force():
    """At 877 places the network statistics computed cold took 12.6 s, every convention of
    the network read with its life to pick one; now the newest ones, up to the first in
    force, in the same queries at 1 and 25 places."""
    premiere = convention_du_lieu(1, debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31))
    with CaptureQueriesContext(connection) as une, Lues() as lues:
        assert etat_convention(2026).pk == premiere.pk
    assert lues.pks == [premiere.pk]
    for numero in range(2, 26):
        convention_du_lieu(numero, debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31))
    with CaptureQueriesContext(connection) as vingt_cinq, Lues() as lues:
        etat = etat_convention(2026)
    assert etat.pk == premiere.pk and etat.en_vigueur  # newest first, then by pk
    assert len(lues.pks) <= LOT_CONVENTIONS
    assert len(vingt_cinq) == len(une)


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_the_one_in_force_is_found_past_the_first_batch():
    """Newer conventions that ended during the year come first: the one still in force on
    the reference day is reviewed, however far; with none in force, the newest that was."""
    en_vigueur = convention_du_lieu(0, debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31))
    finies = [
        convention_du_lieu(
            numero,
            debut=date(2026, 2, 1),
            premiere_fin=date(2026, 6, 30),
            reconduction_tacite=False,
        )
        for numero in range(1, LOT_CONVENTIONS + 3)
    ]
    etat = etat_convention(2026)
    assert etat.pk == en_vigueur.pk and etat.en_vigueur
    en_vigueur.delete()
    etat = etat_convention(2026)
    assert etat.pk == finies[0].pk and not etat.en_vigueur
    # A year before every convention: the first to come, and nothing to renew.
    avant = etat_convention(2025)
    assert avant.avant_debut and avant.pk == finies[0].pk
    assert list(avant.partenaires) == [finies[0].parties.get(ordre=2).organisation_id]


@time_machine.travel(NOVEMBRE_2026, tick=False)
def test_a_visit_typed_renews_the_visitor_tables_not_the_sections(
    client_de, personnel, monkeypatch
):
    """Every write changed the one version the whole dashboard was keyed by: under visits
    typed one a second, the bookings' and workshops' sections were computed again at each.
    Now a visit renews the visitor tables (its count shows at once) and keeps the sections
    and the appointments' lines among the visitors; a booking or a workshop renews both."""
    association = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C")
    [occurrence] = activite.occurrences(association, [date(2026, 10, 6)])
    activite.rendez_vous(occurrence, [VENU], demarche=activite.demarche())
    remplies = []
    remplir = sections.remplir
    monkeypatch.setattr(sections, "remplir", lambda *a, **k: remplies.append(1) or remplir(*a, **k))
    # The appointments marked came count among the visitors: a visit keeps their lines too.
    comptes = []
    venus = SOURCES["rendez_vous_venus"]
    monkeypatch.setitem(
        SOURCES, "rendez_vous_venus", lambda *a, **k: comptes.append(1) or venus(*a, **k)
    )
    client = client_de(personnel)

    def visiteurs():
        page = client.get("/statistiques/").content.decode()
        assert 'id="titre-association"' in page and 'id="titre-ateliers"' in page
        return int(page.split("<strong>")[1].split("</strong>")[0].replace("\u202f", ""))

    assert visiteurs() == 1  # the appointment marked came
    assert len(remplies) == 1
    Passage.objects.create(accompagnement=Accompagnement.SANS_RDV, auteur=personnel)
    assert visiteurs() == 2
    Passage.objects.bulk_create(
        [Passage(accompagnement=Accompagnement.AUTONOMIE, auteur=personnel)] * 3
    )
    assert visiteurs() == 5
    TotalHistorique.objects.create(annee=2026, mois=1, accompagnement="", nombre=10)
    assert visiteurs() == 15
    assert len(remplies) == 1  # the sections were not computed again
    assert len(comptes) == 2  # nor the appointments (the year and the year before)
    activite.atelier(association, date(2026, 11, 4), [PRESENT])
    assert visiteurs() == 16
    assert len(remplies) == 2 and len(comptes) == 4
