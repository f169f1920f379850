"""The association is a party to its convention: its Présidente (and whoever she designates)
reads its conventions, their committees and report, the statistics of its own activity,
and gives the association's own answer at the committee. Nothing of another partner."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partenariats.models import ComiteSuivi
from ruche.formats import PARIS
from ruche.roles import REPRESENTANT
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import (
    ArticleAvenantFactory,
    AvenantFactory,
    ComiteSuiviFactory,
    DocumentFactory,
)
from tests.pdf import pdf_text
from tests.ruche.factories import (
    BenevoleFactory,
    PassageFactory,
    PersonnelFactory,
    RepresentantFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _le_26_novembre_2026():
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


def association_de(convention):
    return next(p for p in convention.parties.all() if not p.organisation.est_la_ruche)


@pytest.fixture
def deux(db):
    """Two partners, each with its convention; the Présidente of the first."""
    mienne, autre = convention_signee(), convention_signee()
    for convention in (mienne, autre):
        avenant = AvenantFactory(convention=convention)
        ArticleAvenantFactory(avenant=avenant)
        comite = ComiteSuiviFactory(convention=convention, date=date(2025, 11, 27))
        comite.compte_rendu_pdf = SimpleUploadedFile("cr.pdf", PDF)
        comite.save()
        convention.scan_signe = SimpleUploadedFile("scan.pdf", PDF)
        convention.save()
        DocumentFactory(convention=convention)
    presidente = RepresentantFactory(
        organisation=association_de(mienne).organisation, first_name="Maryse", last_name="Nordez"
    )
    return {"mienne": mienne, "autre": autre, "presidente": presidente}


def adresses(convention):
    comite = convention.comites.get()
    document = convention.documents.get()
    return [
        reverse("partenariats:detail", args=[convention.pk]),
        reverse("partenariats:scan_fichier", args=[convention.pk]),
        reverse("partenariats:document_fichier", args=[convention.pk, document.pk]),
        reverse("partenariats:comite_compte_rendu_fichier", args=[convention.pk, comite.pk]),
        reverse("partenariats:comite_accord", args=[convention.pk, comite.pk]),
        f"{reverse('statistiques:rapport', args=[2026])}?convention={convention.pk}",
    ]


def test_the_presidente_reads_her_convention_and_nothing_of_another_partner(client_de, deux):
    client = client_de(deux["presidente"])
    liste = client.get(reverse("partenariats:liste")).content.decode()
    assert reverse("partenariats:detail", args=[deux["mienne"].pk]) in liste
    assert reverse("partenariats:detail", args=[deux["autre"].pk]) not in liste
    for adresse in adresses(deux["autre"]):
        assert client.get(adresse).status_code == 404, adresse
    for adresse in adresses(deux["mienne"])[:-1]:
        assert client.get(adresse).status_code == 200, adresse
    # The printed documents of her own convention: the text, an amendment, the minutes.
    mienne = deux["mienne"]
    comite = mienne.comites.get()
    for adresse in (
        reverse("partenariats:pdf", args=[mienne.pk]),
        reverse("partenariats:avenant_pdf", args=[mienne.pk, 1]),
        reverse("partenariats:comite_compte_rendu_pdf", args=[mienne.pk, comite.pk]),
    ):
        response = client.get(adresse)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), adresse
    for adresse in (
        reverse("partenariats:pdf", args=[deux["autre"].pk]),
        reverse("partenariats:avenant_pdf", args=[deux["autre"].pk, 1]),
    ):
        assert client.get(adresse).status_code == 404


def test_her_page_shows_her_own_to_dos_not_the_staff_s(client_de, deux):
    mienne = deux["mienne"]
    tenu = ComiteSuiviFactory(
        convention=mienne, date=date(2026, 11, 20), decision=ComiteSuivi.Decision.EN_ATTENTE
    )
    page = client_de(deux["presidente"]).get(reverse("partenariats:detail", args=[mienne.pk]))
    texte = page.content.decode()
    assert "la réponse de l&#x27;association sur la reconduction est attendue" in texte
    assert reverse("partenariats:comite_accord", args=[mienne.pk, tenu.pk]) in texte
    # The 2025 committee belongs to a past period: its answer is not asked again.
    ancien = mienne.comites.get(date=date(2025, 11, 27))
    assert reverse("partenariats:comite_accord", args=[mienne.pk, ancien.pk]) not in texte
    # The staff's forms and to-dos are theirs.
    assert reverse("partenariats:comite_nouveau", args=[mienne.pk]) not in texte
    assert reverse("partenariats:comite_compte_rendu", args=[mienne.pk, tenu.pk]) not in texte
    assert "Convention pas encore signée" not in texte


def test_only_a_representative_of_a_partner_enters(client_de, deux):
    association = association_de(deux["mienne"]).organisation
    benevole = BenevoleFactory(organisation=association)  # a volunteer, not its voice
    sans_organisation = UtilisateurFactory()
    sans_organisation.groups.add(Group.objects.get(name=REPRESENTANT))
    for personne in (benevole, sans_organisation):
        client = client_de(personne)
        for nom in ("partenariats:liste", "statistiques:tableau_de_bord"):
            assert client.get(reverse(nom)).status_code == 403, (personne, nom)
        adresse = reverse("partenariats:detail", args=[deux["mienne"].pk])
        assert client.get(adresse).status_code == 403


def test_her_statistics_are_her_own_activity_and_the_report_names_no_other_partner(client_de, deux):
    mienne, autre = association_de(deux["mienne"]), association_de(deux["autre"])
    for partenaire, nombre in ((mienne.organisation, 2), (autre.organisation, 3), (None, 5)):
        for _ in range(nombre):
            PassageFactory(
                partenaire=partenaire,
                accompagnement="partenaire" if partenaire else "sans_rdv",
                quand=datetime(2026, 3, 10, 10, tzinfo=PARIS),
            )
    client = client_de(deux["presidente"])
    tableau = client.get(reverse("statistiques:tableau_de_bord")).content.decode()
    assert autre.organisation.sigle not in tableau
    csv = client.get(reverse("statistiques:csv", args=["partenaire"]), {"annee": 2026})
    lignes = csv.content.decode("utf-8-sig").splitlines()
    assert any(mienne.organisation.sigle in ligne and ";2;" in ligne for ligne in lignes)
    assert not any(autre.organisation.sigle in ligne for ligne in lignes)
    # The committee's report of her partnership: the Ruche's visitors, other partners on one
    # line, no other partner named.
    rapport = client.get(reverse("statistiques:rapport", args=[2026]))
    texte = " ".join(pdf_text(rapport.content))
    assert "Autres partenaires" in texte
    assert autre.organisation.sigle not in texte and mienne.organisation.sigle in texte
    # Staff read every partner by name.
    staff = client_de(PersonnelFactory())
    csv = staff.get(reverse("statistiques:csv", args=["partenaire"]), {"annee": 2026})
    assert autre.organisation.sigle in csv.content.decode("utf-8-sig")


def test_each_party_gives_its_own_answer_and_the_minutes_say_who(
    client, deux, django_capture_on_commit_callbacks
):
    mienne = deux["mienne"]
    personnel = PersonnelFactory(first_name="Sophie", last_name="Martin")
    tenu = ComiteSuiviFactory(
        convention=mienne, date=date(2026, 11, 20), decision=ComiteSuivi.Decision.EN_ATTENTE
    )
    compte_rendu = reverse("partenariats:comite_compte_rendu", args=[mienne.pk, tenu.pk])
    client.force_login(personnel)
    formulaire = client.get(compte_rendu).context["form"]
    assert "accord_ruche" in formulaire.fields and "accord_association" not in formulaire.fields
    # The association's answer typed by staff is not taken.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            compte_rendu,
            {
                "participants": "Maryse Nordez\nSophie Martin",
                "compte_rendu": "Bilan de l'année, reconduction.",
                "accord_ruche": "accord",
                "accord_association": "accord",
            },
        )
    tenu.refresh_from_db()
    assert (tenu.accord_ruche, tenu.accord_association) == ("accord", "en_attente")
    assert tenu.accord_ruche_par == "Sophie Martin" and tenu.accord_ruche_le is not None
    # The association is told the Ruche's answer.
    [message] = mail.outbox
    assert message.to == [deux["presidente"].email]
    assert "est d'accord pour reconduire" in message.subject

    client.force_login(deux["presidente"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partenariats:comite_accord", args=[mienne.pk, tenu.pk]), {"accord": "accord"}
        )
    assert response.status_code == 302
    tenu.refresh_from_db()
    assert tenu.decision == ComiteSuivi.Decision.RECONDUIRE
    assert tenu.accord_association_par == "Maryse Nordez"
    assert mail.outbox[-1].to == [personnel.email]
    adresse = reverse("partenariats:comite_compte_rendu_pdf", args=[mienne.pk, tenu.pk])
    texte = " ".join(" ".join(pdf_text(client.get(adresse).content)).split())
    assert "Réponse enregistrée par Sophie Martin, le 26 novembre 2026" in texte
    assert "Réponse enregistrée par Maryse Nordez, le 26 novembre 2026" in texte
    assert texte.count("Nom, qualité et signature") == 2  # room to sign for each party


def test_no_answer_before_the_committee_nor_for_another_partner(client_de, deux):
    mienne = deux["mienne"]
    prevu = ComiteSuiviFactory(
        convention=mienne, date=date(2026, 12, 10), decision=ComiteSuivi.Decision.EN_ATTENTE
    )
    client = client_de(deux["presidente"])
    adresse = reverse("partenariats:comite_accord", args=[mienne.pk, prevu.pk])
    assert "pas encore eu lieu" in client.get(adresse).content.decode()
    assert client.post(adresse, {"accord": "refus"}).status_code == 400
    prevu.refresh_from_db()
    assert prevu.accord_association == "en_attente"
    # Staff cannot give it through her page either.
    assert client_de(PersonnelFactory()).post(adresse, {"accord": "refus"}).status_code == 403
