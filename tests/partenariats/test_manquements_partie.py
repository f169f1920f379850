"""Article 6 runs both ways: the association notifies a failure of the Ruche's commitments,
with its letter; the lapse, the remedy and the preview of what ends work as for a failure
of the association, and the Ruche's staff are told. Article 3 stays the Ruche's."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from partenariats.models import Convention, Engagement, Manquement
from tests.partenariats.conftest import convention_signee
from tests.partenariats.factories import EngagementFactory
from tests.pdf import pdf_text
from tests.ruche.factories import BenevoleFactory, PersonnelFactory, RepresentantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _novembre():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def monde(db):
    convention = convention_signee()
    association, ruche = convention.parties.order_by("ordre")
    article = convention.articles.get(numero=2)
    salle = EngagementFactory(
        article=article,
        partie=ruche,
        ordre=1,
        texte="mettre à disposition à titre gracieux une salle et/ou un bureau,",
        mesure=Engagement.Mesure.SALLES,
    )
    EngagementFactory(
        article=article, partie=association, ordre=1, texte="participer à l'activité,"
    )
    signature = association.signature
    signature.civilite, signature.signataire_nom = "Madame", "Maryse NORDEZ-RYEZ"
    signature.signataire_qualite = "Présidente"
    signature.pour = "Pour l'Association A.V.A.Q.B-C"
    signature.save()
    return {
        "convention": convention,
        "salle": salle,
        "presidente": RepresentantFactory(
            organisation=association.organisation, first_name="Maryse", last_name="Nordez"
        ),
        "personnel": PersonnelFactory(),
    }


def etat(convention, jour):
    return Convention.objects.avec_vie().get(pk=convention.pk).etat(jour)


def test_the_association_notifies_a_failure_of_the_ruche_and_it_lapses_a_month_after(
    client, monde, django_capture_on_commit_callbacks
):
    convention = monde["convention"]
    client.force_login(monde["presidente"])
    adresse = reverse("partenariats:manquement_de_la_ruche", args=[convention.pk])
    page = client.get(adresse).content.decode()
    # Only the Ruche's list: never the association's own commitments.
    assert "mettre à disposition à titre gracieux une salle" in page
    assert "participer à l&#x27;activité" not in page
    # Nothing ticked: the commitment is asked beside the field.
    response = client.post(adresse, {"notifie_le": "2026-11-02", "description": "x"})
    assert response.status_code == 200
    assert "engagements" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            adresse,
            {
                "notifie_le": "2026-11-02",
                "recue_le": "2026-11-04",
                "engagements": [monde["salle"].pk],
                "description": "La salle du mardi a été prêtée à un autre service trois fois.",
            },
        )
    assert response.status_code == 302
    manquement = Manquement.objects.get()
    assert manquement.article == 6 and manquement.par_un_partenaire
    assert list(manquement.engagements.all()) == [monde["salle"]]
    # The staff are told.
    [message] = mail.outbox
    assert message.to == [monde["personnel"].email]
    assert "Manquement notifié par" in message.subject
    assert "mettre à disposition à titre gracieux une salle" in message.body
    # The lapse runs as for a failure of the association.
    assert etat(convention, dt.date(2026, 12, 3)).en_vigueur
    assert not etat(convention, dt.date(2026, 12, 4)).en_vigueur
    # The staff's page: the alert and the preview of what ends; the association reads it.
    staff = client
    staff.force_login(monde["personnel"])
    detail = staff.get(reverse("partenariats:detail", args=[convention.pk])).content.decode()
    assert "caduque le 4 décembre 2026" in detail
    fin = reverse("partenariats:fin", args=[convention.pk])
    assert "Confirmer la fin" in staff.get(fin).content.decode()
    client.force_login(monde["presidente"])
    page = client.get(fin).content.decode()
    assert "jeudi 3 décembre 2026" in page and "Confirmer la fin" not in page
    assert client.post(fin, {"confirmer": "1"}).status_code == 403


def test_the_remedy_is_the_notifying_party_s_to_note(client, monde):
    convention = monde["convention"]
    association = convention.parties.get(ordre=1)
    manquement = Manquement.objects.create(
        convention=convention,
        partie=association,
        notifie_le=dt.date(2026, 11, 2),
        recue_le=dt.date(2026, 11, 4),
        description="La salle n'était pas libre.",
    )
    remede = reverse("partenariats:manquement_remede", args=[convention.pk, manquement.pk])
    reception = reverse("partenariats:manquement_reception", args=[convention.pk, manquement.pk])
    client.force_login(monde["personnel"])
    assert client.get(remede).status_code == 403  # the Ruche does not absolve itself
    assert client.get(reception).status_code == 200  # a fact both sides know
    client.force_login(BenevoleFactory(organisation=association.organisation))
    assert client.get(remede).status_code == 403
    client.force_login(monde["presidente"])
    response = client.post(remede, {"remediee_le": "2026-11-20", "remede": "Salle rendue."})
    assert response.status_code == 302
    assert etat(convention, dt.date(2027, 6, 1)).en_vigueur


def test_article_3_is_the_ruche_s_alone(monde):
    convention = monde["convention"]
    association = convention.parties.get(ordre=1)
    manquement = Manquement(
        convention=convention,
        partie=association,
        article=3,
        notifie_le=dt.date(2026, 11, 2),
        description="x",
    )
    with pytest.raises(Exception) as erreur:
        manquement.full_clean()
    assert "article" in erreur.value.message_dict


def test_both_letters_open_on_the_recipient_s_title_and_are_signed_by_a_function(client, monde):
    """One letter each way, checked as text: the salutation, the signatory's function, the
    commitments named, and the closing paragraph on the signature's page."""
    convention = monde["convention"]
    association, ruche = convention.parties.order_by("ordre")
    de_la_ruche = Manquement.objects.create(
        convention=convention,
        partie=ruche,
        notifie_le=dt.date(2026, 11, 2),
        recue_le=dt.date(2026, 11, 4),
        description="Trois permanences non tenues sans prévenir.\n\n" * 12,
    )
    de_l_association = Manquement.objects.create(
        convention=convention,
        partie=association,
        notifie_le=dt.date(2026, 11, 3),
        description="La salle du mardi a été prêtée à un autre service.",
    )
    de_l_association.engagements.set([monde["salle"]])
    client.force_login(monde["presidente"])
    for manquement, appel, fonction in (
        (de_la_ruche, "Madame la Présidente,", "Le Maire,"),
        (de_l_association, "Madame, Monsieur,", "La Présidente,"),
    ):
        adresse = reverse("partenariats:manquement_lettre", args=[convention.pk, manquement.pk])
        pages = pdf_text(client.get(adresse).content)
        texte = " ".join(" ".join(pages).split())
        assert appel in texte and fonction in texte
        derniere = " ".join(pages[-1].split())
        # The signature block is never alone on a page: the closing paragraph is with it.
        assert "salutations distinguées" in derniere and fonction in derniere
    assert "mettre à disposition à titre gracieux une salle" in texte
