"""Article 4 meetings recorded by either party, and Article 2 in the committee's report:
a figure or a record for every commitment of each side, what to fill in where the app
cannot know, and the parties' texts; the report of a year before the convention, or with
no data the year before, says so and asks no renewal."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from partenariats.models import ComplementBilan, Engagement, Rencontre
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import EngagementFactory
from tests.pdf import pdf_text
from tests.ruche.factories import PersonnelFactory, RepresentantFactory

pytestmark = pytest.mark.django_db

Mesure = Engagement.Mesure


@pytest.fixture(autouse=True)
def _novembre():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def monde(db):
    convention = convention_signee()
    association, ruche = convention.parties.order_by("ordre")
    article = convention.articles.get(numero=2)
    for partie, mesures in (
        (association, [Mesure.PARTICIPATION, Mesure.COMMUNICATION, Mesure.CADRE, ""]),
        (ruche, [Mesure.SALLES, Mesure.INTERNET, Mesure.BILANS]),
    ):
        for ordre, mesure in enumerate(mesures, start=1):
            EngagementFactory(
                article=article,
                partie=partie,
                ordre=ordre,
                mesure=mesure,
                texte=f"engagement {mesure or 'sans mesure'} de {partie.designation},",
            )
    return {
        "convention": convention,
        "presidente": RepresentantFactory(
            organisation=association.organisation, first_name="Maryse", last_name="Nordez"
        ),
        "personnel": PersonnelFactory(first_name="Sophie", last_name="Martin"),
    }


def test_either_party_notes_a_meeting_and_the_other_is_told(
    client, monde, django_capture_on_commit_callbacks
):
    convention = monde["convention"]
    adresse = reverse("partenariats:rencontre_nouvelle", args=[convention.pk])
    client.force_login(monde["presidente"])
    donnees = {
        "date": "2026-06-16",
        "participants_ruche": "Sophie Martin",
        "participants_partenaire": "Maryse Nordez\nKarim Benali",
        "notes": "Bilan du premier semestre.",
        "suites": "Un second créneau le jeudi.",
    }
    # A meeting to come is not a meeting held.
    response = client.post(adresse, {**donnees, "date": "2026-12-16"})
    assert response.status_code == 200 and "date" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(adresse, donnees).status_code == 302
    rencontre = Rencontre.objects.get()
    assert rencontre.enregistree_par.startswith("Maryse Nordez")
    [message] = mail.outbox
    assert message.to == [monde["personnel"].email]
    page = client.get(reverse("partenariats:detail", args=[convention.pk])).content.decode()
    assert "Bilan du premier semestre." in page and "Un second créneau le jeudi." in page
    # Staff note theirs too; a volunteer of another partner cannot reach the page.
    client.force_login(monde["personnel"])
    assert client.get(adresse).status_code == 200
    client.force_login(RepresentantFactory())
    assert client.get(adresse).status_code == 404


def test_the_article_2_page_measures_each_commitment_and_each_party_completes_its_own(
    client, monde
):
    convention = monde["convention"]
    Rencontre.objects.create(
        convention=convention,
        date=dt.date(2026, 6, 16),
        participants_ruche="Sophie Martin",
        participants_partenaire="Maryse Nordez",
        notes="Bilan du premier semestre.",
    )
    adresse = reverse("partenariats:bilan", args=[convention.pk, 2026])
    client.force_login(monde["presidente"])
    page = client.get(adresse)
    texte = page.content.decode()
    assert "Manquements notifiés en 2026 : aucun." in texte
    assert "Rencontre du 16 juin 2026 (article 4)" in texte
    assert "Heures d&#x27;ouverture au public" in texte
    # She completes her association's commitments, not the Ruche's.
    champs = set(page.context["form"].fields)
    siens = {
        f"engagement_{e.pk}"
        for e in Engagement.objects.filter(partie__organisation__est_la_ruche=False)
    }
    assert champs <= siens and champs
    sans_mesure = Engagement.objects.get(mesure="")
    interdit = Engagement.objects.get(mesure=Mesure.INTERNET)
    response = client.post(
        adresse,
        {
            f"engagement_{sans_mesure.pk}": "Deux stands au forum des associations.",
            f"engagement_{interdit.pk}": "Tout allait bien.",
        },
    )
    assert response.status_code == 302
    [complement] = ComplementBilan.objects.all()
    assert (complement.engagement, complement.saisi_par) == (sans_mesure, "Maryse Nordez")
    # The staff complete any line (they prepare the committee).
    client.force_login(monde["personnel"])
    response = client.post(adresse, {f"engagement_{interdit.pk}": "Le wifi a fonctionné."})
    assert response.status_code == 302
    assert ComplementBilan.objects.count() == 1  # hers, left empty in this post, is removed
    assert ComplementBilan.objects.get().engagement == interdit
    # Another partner's convention does not exist for her.
    client.force_login(RepresentantFactory())
    assert client.get(adresse).status_code == 404


def test_the_report_gives_every_commitment_and_what_is_left_to_fill_in(client, monde):
    """One report rendered: both lists, a figure or a record for each commitment, the
    parties' texts, and the question to fill in where the app cannot know."""
    convention = monde["convention"]
    sans_mesure = Engagement.objects.get(mesure="")
    ComplementBilan.objects.create(
        engagement=sans_mesure, annee=2026, texte="Deux stands au forum.", saisi_par="Maryse"
    )
    client.force_login(monde["personnel"])
    reponse = client.get(
        f"{reverse('statistiques:rapport', args=[2026])}?convention={convention.pk}"
    )
    texte = " ".join(" ".join(pdf_text(reponse.content)).split())
    association, ruche = convention.parties.order_by("ordre")
    assert f"{association.designation} s'engage à :" in texte
    assert f"{ruche.designation} s'engage à :" in texte
    for engagement in Engagement.objects.all():
        assert engagement.texte in texte
    assert "Séances de permanence prévues dans l'application : aucune." in texte
    assert "Documents publiés avec les deux visas en 2026 : aucun." in texte
    assert "Manquements notifiés en 2026 : aucun." in texte
    assert "Heures de salle réservées pour l'association : aucune." in texte
    assert "Passages en accès libre à un ordinateur (journal des passages) : 0." in texte
    assert "Comité de suivi en 2026 : aucun planifié dans l'application." in texte
    assert "Ajouté par Maryse : Deux stands au forum." in texte
    assert "À compléter avant le comité : L'accès internet des intervenants" in texte
    # No visitor before: not "0 en 2025".
    assert "(pas de données en 2025)" in texte and "0 en 2025" not in texte


def test_a_year_before_the_convention_says_so_and_asks_no_renewal(client, monde):
    client.force_login(monde["personnel"])
    texte = " ".join(
        " ".join(pdf_text(client.get(reverse("statistiques:rapport", args=[2023])).content)).split()
    )
    assert "La convention ne s'applique qu'à partir du 1er janvier 2024" in texte
    assert "pas de reconduction à décider pour 2023" in texte
    assert "nouvelle période" not in texte
    assert "pas de données en 2022" in texte
    assert "s'engage à :" not in texte
