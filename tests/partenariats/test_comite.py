"""The follow-up committee decides the renewal (Articles 1 and 4): held in the last quarter,
planned by staff with an invitation, reminders while none is planned, both agreements,
minutes served only to staff and the committee, missed committees flagged."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partenariats.models import ComiteSuivi, RappelComite
from partenariats.services.comites import rappeler_comites
from tests.partenariats.factories import ComiteSuiviFactory
from tests.pdf import pdf_text
from tests.ruche.factories import BenevoleFactory, PersonnelFactory, RepresentantFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _le_26_novembre_2026():
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


def association_de(convention):
    return next(p for p in convention.parties.all() if not p.organisation.est_la_ruche)


def url(nom, convention, *args):
    return reverse(f"partenariats:{nom}", args=[convention.pk, *args])


def test_a_committee_outside_october_december_is_refused_beside_the_date(
    client_de, personnel, convention
):
    response = client_de(personnel).post(
        url("comite_nouveau", convention), {"date": "2026-06-12", "heure": "14:00", "lieu": "Ici"}
    )
    assert response.status_code == 200
    erreurs = response.context["form"].errors["date"]
    assert "dernier trimestre" in erreurs[0] and "1er octobre 2026" in erreurs[0]
    assert 'id="error_1_id_date"' in response.content.decode()
    assert response.context["form"]["lieu"].value() == "Ici"  # what was typed is kept
    assert ComiteSuivi.objects.count() == 0


@pytest.mark.parametrize(
    ("donnees", "champ"),
    [
        ({"date": "2026-02-30", "heure": "14:00", "lieu": "Ici"}, "date"),
        ({"date": "9999-12-01", "heure": "14:00", "lieu": "Ici"}, "date"),
        ({"date": "2026-12-10", "heure": "25:99", "lieu": "Ici"}, "heure"),
        ({"date": "2026-12-10", "heure": "14:00", "lieu": "x" * 500}, "lieu"),
    ],
)
def test_bad_planning_input_is_answered_beside_the_field(
    client_de, personnel, convention, donnees, champ
):
    response = client_de(personnel).post(url("comite_nouveau", convention), donnees)
    assert response.status_code == 200
    assert champ in response.context["form"].errors
    assert ComiteSuivi.objects.count() == 0


def test_planning_invites_the_association_with_a_calendar_file(
    client_de, personnel, convention, django_capture_on_commit_callbacks
):
    membre = BenevoleFactory(organisation=association_de(convention).organisation)
    BenevoleFactory()  # another association: not invited
    with django_capture_on_commit_callbacks(execute=True):
        response = client_de(personnel).post(
            url("comite_nouveau", convention),
            {"date": "2026-12-10", "heure": "14:30", "lieu": "Salle du conseil"},
        )
    assert response.status_code == 302
    comite = ComiteSuivi.objects.get()
    assert comite.invitation_envoyee_le is not None
    assert comite.decision == ComiteSuivi.Decision.EN_ATTENTE
    [message] = mail.outbox
    assert message.to == [membre.email]
    assert "10 décembre 2026" in message.subject
    [(nom, contenu, type_mime)] = message.attachments
    assert nom == "comite-de-suivi.ics" and type_mime == "text/calendar"
    ics = contenu.decode() if isinstance(contenu, bytes) else contenu
    assert "DTSTART;TZID=Europe/Paris:20261210T143000" in ics
    assert "Salle du conseil" in ics


def test_reminders_go_to_staff_on_1_october_and_1_december_once_while_none_is_planned(convention):
    personnel = PersonnelFactory()
    BenevoleFactory(organisation=association_de(convention).organisation)
    assert rappeler_comites(date(2026, 9, 30)) == 0
    assert rappeler_comites(date(2026, 10, 1)) == 1
    assert rappeler_comites(date(2026, 10, 1)) == 0  # the daily task ran twice
    assert rappeler_comites(date(2026, 10, 2)) == 0
    assert rappeler_comites(date(2026, 12, 1)) == 1
    assert rappeler_comites(date(2026, 12, 2)) == 0
    assert [m.to for m in mail.outbox] == [[personnel.email], [personnel.email]]
    assert "Comité de suivi 2026 : pas encore planifié" in mail.outbox[0].subject
    assert RappelComite.objects.count() == 2


def test_no_reminder_once_a_committee_is_planned(convention):
    PersonnelFactory()
    ComiteSuiviFactory(convention=convention, date=date(2026, 12, 10), decision="en_attente")
    assert rappeler_comites(date(2026, 12, 1)) == 0
    assert mail.outbox == []


def test_the_management_command_runs_the_reminders(convention):
    from io import StringIO

    from django.core.management import call_command

    PersonnelFactory()
    sortie = StringIO()
    with time_machine.travel(date(2026, 10, 1), tick=False):
        call_command("rappeler_comites", stdout=sortie)
    assert "1" in sortie.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("ruche", "association", "decision", "fin"),
    [
        ("accord", "accord", "reconduire", None),
        ("accord", "refus", "ne_pas_reconduire", date(2026, 12, 31)),
        ("refus", "accord", "ne_pas_reconduire", date(2026, 12, 31)),
        ("accord", "en_attente", "en_attente", None),
    ],
)
def test_renewal_needs_both_agreements_and_either_refusal_ends_the_period(
    client, comite, convention, ruche, association, decision, fin
):
    """Each party gives its own answer: the Ruche's with the minutes (the committee's member
    from the Ville), the association's by its representative."""
    tenu = ComiteSuiviFactory(convention=convention, date=date(2026, 11, 20), decision="en_attente")
    client.force_login(comite)
    response = client.post(
        url("comite_compte_rendu", convention, tenu.pk),
        {
            "participants": "Maryse NORDEZ-RYEZ\nSophie Martin",
            "accord_ruche": ruche,
            "compte_rendu": "Bilan de l'année.",
        },
    )
    assert response.status_code == 302
    if association != "en_attente":
        client.force_login(
            RepresentantFactory(organisation=association_de(convention).organisation)
        )
        response = client.post(url("comite_accord", convention, tenu.pk), {"accord": association})
        assert response.status_code == 302
    tenu.refresh_from_db()
    assert tenu.decision == decision
    convention.refresh_from_db()
    assert convention.etat(date(2026, 11, 26)).fin_le == fin


def test_a_future_committee_cannot_have_decided(client_de, personnel, convention):
    prevu = ComiteSuiviFactory(
        convention=convention, date=date(2026, 12, 10), decision="en_attente"
    )
    response = client_de(personnel).post(
        url("comite_compte_rendu", convention, prevu.pk),
        {"participants": "", "accord_ruche": "accord"},
    )
    assert response.status_code == 200
    assert "pas encore eu lieu" in response.context["form"].errors["accord_ruche"][0]
    prevu.refresh_from_db()
    assert prevu.accord_ruche == "en_attente"


def test_signed_minutes_are_checked_by_content_and_served_only_to_staff_and_committee(
    client_de, comite, convention
):
    tenu = ComiteSuiviFactory(convention=convention, date=date(2026, 11, 20))
    adresse = url("comite_compte_rendu", convention, tenu.pk)
    donnees = {"participants": "X", "accord_ruche": "accord"}
    faux = SimpleUploadedFile("cr.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client_de(comite).post(adresse, {**donnees, "compte_rendu_pdf": faux})
    assert response.status_code == 200
    assert "n'est pas un PDF" in response.context["form"].errors["compte_rendu_pdf"][0]
    vrai = SimpleUploadedFile("cr.pdf", PDF, "application/pdf")
    assert client_de(comite).post(adresse, {**donnees, "compte_rendu_pdf": vrai}).status_code == 302
    fichier = url("comite_compte_rendu_fichier", convention, tenu.pk)
    response = client_de(comite).get(fichier)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    benevole = client_de(BenevoleFactory(organisation=association_de(convention).organisation))
    assert benevole.get(fichier).status_code == 403


@pytest.mark.parametrize("qui", ["anonyme", "benevole", "benevole_autre"])
def test_nobody_else_records_minutes(client_de, convention, qui):
    tenu = ComiteSuiviFactory(convention=convention, date=date(2026, 11, 20), decision="en_attente")
    utilisateur = {
        "anonyme": None,
        "benevole": BenevoleFactory(organisation=association_de(convention).organisation),
        "benevole_autre": BenevoleFactory(),
    }[qui]
    response = client_de(utilisateur).post(
        url("comite_compte_rendu", convention, tenu.pk),
        {"participants": "X", "accord_ruche": "refus", "accord_association": "refus"},
    )
    assert response.status_code in (302, 403)
    if utilisateur is None:
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403
    tenu.refresh_from_db()
    assert tenu.decision == "en_attente"


def test_a_committee_of_another_convention_is_not_found(client_de, personnel, convention):
    autre = ComiteSuiviFactory(date=date(2026, 11, 20))
    response = client_de(personnel).get(url("comite_compte_rendu", convention, autre.pk))
    assert response.status_code == 404


def test_typed_minutes_print_as_a_pdf(client_de, comite, convention):
    tenu = ComiteSuiviFactory(
        convention=convention,
        date=date(2026, 11, 20),
        compte_rendu="Hausse des rendez-vous titre de séjour.",
    )
    response = client_de(comite).get(url("comite_compte_rendu_pdf", convention, tenu.pk))
    assert response.status_code == 200
    texte = " ".join(pdf_text(response.content))
    assert "Hausse des rendez-vous" in texte
    assert "Reconduire pour une nouvelle période" in texte


def test_a_missed_committee_stays_flagged_until_staff_say_what_happened(
    client_de, personnel, convention
):
    ComiteSuiviFactory(convention=convention, date=date(2024, 11, 28))
    with time_machine.travel(date(2027, 1, 10), tick=False):
        client = client_de(personnel)
        assert convention.comites_non_tenus_signales() == [
            "Comité 2025 non tenu",
            "Comité 2026 non tenu",
        ]
        html = client.get(url("detail", convention)).content.decode()
        assert "Comité 2025 non tenu" in html and "Comité 2026 non tenu" in html
        # The list and the day board give one line for the convention's missed committees.
        liste = client.get(reverse("partenariats:liste")).content.decode()
        assert "2 comités non tenus, de 2025 à 2026" in liste
        assert convention.alertes()[0] == (
            "2 comités non tenus, de 2025 à 2026 : notez ce qui s'est passé."
        )
        adresse = url("comite_non_tenu", convention, "2025-12-31")
        assert client.post(adresse, {"explication": ""}).status_code == 200
        response = client.post(adresse, {"explication": "Bilan fait par courrier."})
        assert response.status_code == 302
        html = client.get(url("detail", convention)).content.decode()
        assert "Comité 2025 non tenu" not in html and "Comité 2026 non tenu" in html
        relue = type(convention).objects.get(pk=convention.pk)
        assert "Comité 2026 non tenu : notez ce qui s'est passé." in relue.alertes()
        assert client.get(adresse).status_code == 404  # no longer flagged
        assert client.get(url("comite_non_tenu", convention, "n'importe")).status_code == 404
