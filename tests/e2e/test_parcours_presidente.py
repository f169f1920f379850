"""The Présidente's journey, as she would take it on the demo: her convention, her answer at
the committee, the report's Article 2 she completes, a meeting noted, the flyer's visa, her
statistics, and a failure of the Ruche notified; axe checks every page."""

import pytest
from django.utils import timezone

from partenariats.models import ComiteSuivi, ComplementBilan, Convention, Manquement, Rencontre
from tests.demo import charger_demo
from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_presidente_acts_for_her_association(page):
    charger_demo()
    convention = Convention.objects.avec_vie().get()
    aujourdhui = timezone.localdate()
    debut_trimestre, _fin = convention.etat(aujourdhui).periode.trimestre_comite
    # The Ruche held this year's committee on the first day of the last quarter, if it came.
    comite = None
    if debut_trimestre <= aujourdhui:
        comite = comite_du_jour(convention, debut_trimestre)

    login(page, "presidente", "avaq-presidente-2026")
    page.wait_for_url(page.base_url + "/espace/")
    page.get_by_role("link", name="Conventions").click()
    page.wait_for_url(page.base_url + "/conventions/")
    assert_accessible(page)
    page.get_by_role("link", name="CONVENTION DE PARTENARIAT - La Ruche Numérique").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    main = page.locator("main").inner_text()
    assert "Agir au nom de A.V.A.Q.B-C" in main
    assert "Le scan de l'original signé manque" not in main  # the staff's to-do
    assert_accessible(page)

    if comite is not None:
        page.get_by_role("link", name="Donner la réponse de A.V.A.Q.B-C").click()
        assert_accessible(page)
        page.get_by_label("D'accord pour reconduire").check()
        page.get_by_role("button", name="Enregistrer la réponse de l'association").click()
        page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
        assert "Votre accord est enregistré" in page.locator("main").inner_text()
        comite.refresh_from_db()
        assert comite.accord_association_par == "Maryse Nordez-Ryez"

    page.get_by_role("link", name=f"Le bilan {aujourdhui.year} des engagements").click()
    assert "Les engagements de l'article 2" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.get_by_label("communiquer sur ses activités").fill(
        "Article dans le bulletin municipal de juin ; deux stands au forum des associations."
    )
    page.get_by_role("button", name="Enregistrer").click()
    assert "est complété" in page.locator("main").inner_text()
    assert ComplementBilan.objects.count() == 1

    page.goto(f"{page.base_url}/conventions/{convention.pk}/")
    page.get_by_role("link", name="Noter une rencontre entre les parties (article 4)").click()
    assert_accessible(page)
    page.get_by_label("Date de la rencontre").fill(aujourdhui.isoformat())
    page.get_by_label("Participants pour la Ruche numérique").fill("Sophie Martin")
    page.get_by_label("Participants pour l'association").fill("Maryse NORDEZ-RYEZ")
    page.get_by_label("Ce qui a été évalué ensemble").fill("Le point sur les ateliers d'automne.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    assert Rencontre.objects.filter(date=aujourdhui).exists()

    page.get_by_role("link", name="Communication", exact=True).click()
    page.get_by_role("button", name="Donner notre visa").first.click()
    assert "Visa de" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Statistiques").click()
    page.locator("#titre-partenaire").click()  # the tables fold under their titles
    partenaires = page.locator("details", has=page.locator("#titre-partenaire"))
    assert "A.V.A.Q.B-C" in partenaires.inner_text()
    assert_accessible(page)

    page.goto(f"{page.base_url}/conventions/{convention.pk}/")
    page.get_by_role("link", name="Notifier un manquement de la Ruche numérique").click()
    assert_accessible(page)
    page.get_by_label("Lettre envoyée le").fill(aujourdhui.isoformat())
    page.get_by_label("mettre à disposition à titre gracieux une salle").check()
    page.get_by_label("Faits constatés").fill("La salle du jeudi a été prise deux fois.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    manquement = Manquement.objects.get()
    assert manquement.par_un_partenaire and manquement.article == 6
    assert "lettre de A.V.A.Q.B-C" in page.locator("main").inner_text()


def comite_du_jour(convention, jour):
    return ComiteSuivi.objects.create(
        convention=convention,
        date=jour,
        participants="Maryse NORDEZ-RYEZ\nSophie Martin",
        compte_rendu="Bilan de l'année.",
    )
