"""The convention's effects in a phone browser (390 px), axe on every page: the confirmed
ending (what it cancels, then the residents told), the follow-up committee (planned, both
agreements, minutes), and the two visas before a document is published (Article 5)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from partenariats.demo import ASSOCIATION
from partenariats.models import ComiteSuivi, Convention, DocumentCommunication
from permanences.models import RendezVous
from ruche.models import Organisation
from tests.demo import charger_demo
from tests.e2e.conftest import assert_accessible, login
from tests.partenariats.factories import ConventionFactory, PartieFactory, RucheFactory
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import PASSWORD, BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def texte(page):
    return page.locator("main").inner_text()


def test_staff_end_a_convention_see_what_it_cancels_then_residents_are_told(phone_page):
    page = phone_page
    partenaire = Organisation.objects.create(
        nom="Association des Quartiers Sud", sigle="AQS", nature="association"
    )
    convention = ConventionFactory(titre="Convention avec AQS")
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    demarche = DemarcheFactory(slug="titre-de-sejour")
    aujourdhui = timezone.localdate()
    garde = occurrence_pour(
        demarche, jour=aujourdhui + dt.timedelta(days=3), organisation=partenaire
    )
    apres = [
        occurrence_pour(demarche, jour=aujourdhui + dt.timedelta(days=n), organisation=partenaire)
        for n in (12, 13)
    ]
    RendezVousFactory(occurrence=garde, demarche=demarche, email="bruno@exemple.fr")
    annules = [
        RendezVousFactory(occurrence=occurrence, demarche=demarche, email=email)
        for occurrence, email in zip(apres, ("awa@exemple.fr", "chloe@exemple.fr"), strict=True)
    ]
    fin = aujourdhui + dt.timedelta(days=10)

    login(page, PersonnelFactory().username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(f"{page.base_url}/conventions/{convention.pk}/")
    page.get_by_role("link", name="Résilier la convention").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/fin/")
    assert_accessible(page)
    page.get_by_label("Premier jour où la convention ne s'applique plus").fill(fin.isoformat())
    page.get_by_label("Motif de la résiliation").fill("L'association cesse ses permanences.")
    page.get_by_role("button", name="Voir ce qui sera annulé").click()
    apercu = texte(page)
    assert "Partenaire concerné : AQS" in apercu
    rendez_vous = page.get_by_role("row").filter(has_text="Rendez-vous")
    assert "2" in rendez_vous.inner_text()
    assert not mail.outbox and RendezVous.objects.actifs().count() == 3  # nothing done yet
    assert_accessible(page)

    mail.outbox.clear()
    page.get_by_role("button", name="Confirmer la fin et annuler").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    assert "C'est fait" in texte(page) and "2 personne(s)" in texte(page)
    assert_accessible(page)
    for rdv in annules:
        rdv.refresh_from_db()
        assert rdv.statut == RendezVous.Statut.ANNULE_ASSOCIATION
    assert RendezVous.objects.actifs().count() == 1
    destinataires = sorted(adresse for message in mail.outbox for adresse in message.to)
    assert destinataires == ["awa@exemple.fr", "chloe@exemple.fr"]


def test_staff_plan_the_committee_record_both_agreements_and_the_minutes(phone_page):
    """Each party records its own answer: staff the Ruche's with the minutes, then the
    association's Présidente, logged in as herself, the association's; the minutes say who
    recorded each."""
    page = phone_page
    charger_demo()
    convention = Convention.objects.get()
    aujourdhui = timezone.localdate()
    # A day of the last quarter already past: the committee of this period, or the last one.
    annee = (
        aujourdhui.year if aujourdhui >= dt.date(aujourdhui.year, 10, 2) else aujourdhui.year - 1
    )
    jour = min(aujourdhui - dt.timedelta(days=1), dt.date(annee, 12, 31))
    agent = PersonnelFactory(first_name="Sophie", last_name="Agent")

    login(page, agent.username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(f"{page.base_url}/conventions/{convention.pk}/comites/nouveau/")
    assert_accessible(page)
    page.get_by_label("Date de la réunion").fill(jour.isoformat())
    page.get_by_label("Lieu").fill("Salle du conseil municipal")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Enregistrez son compte rendu" in texte(page)
    assert_accessible(page)

    page.get_by_label("Participants").fill("Maryse NORDEZ-RYEZ\nJean-Yves CHAPELET")
    page.get_by_label("Accord de la Ruche numérique").select_option(
        label="D'accord pour reconduire"
    )
    # The association's answer is not the staff's to give.
    assert page.get_by_label("Accord de l'association").count() == 0
    page.get_by_label("Compte rendu", exact=True).fill("Bilan positif : la convention continue.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    assert "Le compte rendu du comité est enregistré." in texte(page)
    assert_accessible(page)
    comite = ComiteSuivi.objects.get(convention=convention, date=jour)
    assert comite.accord_ruche == ComiteSuivi.Accord.ACCORD
    assert comite.accord_ruche_par == "Sophie Agent"
    assert comite.decision == ComiteSuivi.Decision.EN_ATTENTE  # the association has not said

    page.context.clear_cookies()
    login(page, "presidente", "avaq-presidente-2026")
    page.wait_for_url(page.base_url + "/espace/")
    page.goto(f"{page.base_url}/conventions/{convention.pk}/")
    lien = page.get_by_role("link", name="Donner la réponse de A.V.A.Q.B-C")
    if lien.count():
        lien.click()
    else:  # before October the committee is the last period's: its page, by its address
        page.goto(f"{page.base_url}/conventions/{convention.pk}/comites/{comite.pk}/accord/")
    assert_accessible(page)
    page.get_by_label("D'accord pour reconduire").check()
    page.get_by_role("button", name="Enregistrer la réponse de l'association").click()
    page.wait_for_url(f"{page.base_url}/conventions/{convention.pk}/")
    assert "Votre accord est enregistré" in texte(page)
    assert "enregistré par Maryse Nordez-Ryez" in texte(page)
    assert "enregistré par Sophie Agent" in texte(page)
    assert_accessible(page)
    comite.refresh_from_db()
    assert comite.decision == ComiteSuivi.Decision.RECONDUIRE
    assert comite.accord_association_par == "Maryse Nordez-Ryez"
    assert comite.lieu == "Salle du conseil municipal"
    assert comite.compte_rendu.startswith("Bilan positif")


def test_both_partners_give_their_visa_then_the_document_is_published(phone_page):
    """Staff deposit a document and give the Ruche's visa; the association's
    representatives (its Présidente), who give its visa, are the ones told, not its
    volunteers; the Présidente gives the association's visa, then it is published."""
    page = phone_page
    charger_demo()
    association = Organisation.objects.get(nom=ASSOCIATION)
    benevole = BenevoleFactory(organisation=association, email="benevole@exemple.fr")

    login(page, PersonnelFactory().username, PASSWORD)
    page.wait_for_url(page.base_url + "/espace/journee/")
    page.goto(page.base_url + "/communication/")
    assert_accessible(page)
    page.get_by_role("link", name="Déposer un document").click()
    page.get_by_label("Titre").fill("Flyer des permanences 2027")
    page.get_by_label("Nature").select_option("flyer")
    page.get_by_label("Fichier (PDF, PNG ou JPEG)").set_input_files(
        {"name": "flyer.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    mail.outbox.clear()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(page.base_url + "/communication/")
    assert "L'autre partenaire est prévenu" in texte(page)
    destinataires = {adresse for message in mail.outbox for adresse in message.to}
    assert destinataires == {"presidente@demo.ruche.local"}
    flyer = page.get_by_role("row").filter(has_text="Flyer des permanences 2027")
    flyer.get_by_role("button", name="Donner notre visa").click()
    assert "Visa de" in texte(page)
    assert flyer.get_by_role("button", name="Publier").count() == 0  # one visa is missing
    assert_accessible(page)

    # A volunteer of the association does not speak for it: no visa to give.
    page.context.clear_cookies()
    login(page, benevole.username, PASSWORD)
    page.goto(page.base_url + "/communication/")
    assert "Flyer des permanences 2027" in texte(page)
    assert page.get_by_role("button", name="Donner notre visa").count() == 0

    page.context.clear_cookies()
    login(page, "presidente", "avaq-presidente-2026")
    page.wait_for_url(page.base_url + "/espace/")
    page.goto(page.base_url + "/communication/")
    flyer.get_by_role("button", name="Donner notre visa").click()
    assert "Personne : les deux visas sont donnés" in flyer.inner_text()
    flyer.get_by_role("button", name="Publier").click()
    assert "est publié" in texte(page)
    assert_accessible(page)
    document = DocumentCommunication.objects.get(titre="Flyer des permanences 2027")
    assert document.publie_le
    visa = document.visas.get(partie__organisation=association)
    assert visa.vise_par == "Maryse Nordez-Ryez"
