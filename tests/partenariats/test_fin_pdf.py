"""When a partnership ends, the PDFs follow (issue #22): a document dated after the
partner's last day in force (a session sheet, the annual report of a later year) no longer
carries its logo; one dated before it still does. The PDFs' HTML is read (no rendering)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partenariats.services.fin import mettre_fin
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.permanences.factories import CalendrierFactory, OccurrenceFactory, PermanenceFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

LOGO_PARTENAIRE = 'alt="A.V.A.Q.B-C"'
LOGO_RUCHE = 'alt="La Ruche numérique"'


@pytest.fixture
def html_des_pdf(monkeypatch):
    """The HTML each view would print, instead of printing it."""
    pages = []

    def imprimer(template, context, **_options):
        pages.append(render_to_string(template, {**context, "pour_pdf": True}))
        return b"%PDF-"

    def dans(module):
        monkeypatch.setattr(f"{module}.render_pdf", imprimer)
        return pages

    return dans


@pytest.fixture
def fin_dans_dix_jours():
    """A partner in force today whose termination takes effect in ten days."""
    RucheFactory()
    partenaire = OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C", en_convention=False)
    convention = ConventionFactory(debut=dt.date(2024, 1, 1), premiere_fin=dt.date(2024, 12, 31))
    PartieFactory(convention=convention, organisation=partenaire)
    fin = timezone.localdate() + dt.timedelta(days=10)
    mettre_fin(
        convention=convention,
        par=PersonnelFactory(),
        resilier_le=fin,
        motif_resiliation="L'association cesse ses activités.",
    )
    return fin


def test_a_session_sheet_dated_after_the_end_has_no_partner_logo(
    client_de, html_des_pdf, fin_dans_dix_jours
):
    calendrier = CalendrierFactory(organisation=RucheFactory())
    permanence = PermanenceFactory(calendrier=calendrier)
    avant = OccurrenceFactory(permanence=permanence, date=fin_dans_dix_jours - dt.timedelta(1))
    apres = OccurrenceFactory(permanence=permanence, date=fin_dans_dix_jours + dt.timedelta(7))
    pages = html_des_pdf("permanences.views.documents")
    personnel = client_de(PersonnelFactory())
    for occurrence in (avant, apres):
        reponse = personnel.get(reverse("permanences:feuille", kwargs={"pk": occurrence.pk}))
        assert reponse.status_code == 200
    feuille_avant, feuille_apres = pages
    assert LOGO_RUCHE in feuille_avant and LOGO_PARTENAIRE in feuille_avant
    assert LOGO_RUCHE in feuille_apres and LOGO_PARTENAIRE not in feuille_apres


def test_the_report_of_a_year_after_the_end_has_no_partner_logo(
    client_de, html_des_pdf, fin_dans_dix_jours
):
    pages = html_des_pdf("ruche.statistiques.views")
    personnel = client_de(PersonnelFactory())
    annee = fin_dans_dix_jours.year + 1
    reponse = personnel.get(reverse("statistiques:rapport", kwargs={"annee": annee}))
    assert reponse.status_code == 200
    (rapport,) = pages
    assert LOGO_RUCHE in rapport and LOGO_PARTENAIRE not in rapport
    # Nor does its title name the association: no convention applies that year.
    assert "A.V.A.Q.B-C" not in rapport
