"""No convention, no activity (Article 1): a partner with no convention in force cannot be
booked for or by; the Ruche's own activity is not bound. A lapse announced (Article 6,
notification received, lapse ahead) takes what is dated after it off the public pages
before the ending step runs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partenariats.models import Manquement
from permanences.models import Atelier, Permanence, ReservationSalle
from permanences.selecteurs.ateliers import ateliers_publics
from permanences.services.ateliers import creer_atelier, inscrire
from permanences.services.calendrier import reserver_permanence_ponctuelle
from permanences.services.disponibilites import creneaux_publics
from permanences.services.salles import reserver_salle
from tests.partenariats.factories import ManquementFactory, OrganisationFactory, RucheFactory
from tests.permanences.factories import AtelierFactory, SalleFactory, occurrence_pour, paris
from tests.ruche.factories import BenevoleFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

SANS = "Aucune convention avec SC n'est en vigueur"


@pytest.fixture
def sans_convention():
    return OrganisationFactory(nom="Association sans convention", sigle="SC", en_convention=False)


def test_a_partner_without_convention_cannot_be_booked_for(sans_convention):
    salle = SalleFactory(nom="Bureau 2")
    with pytest.raises(ValidationError, match=SANS):
        reserver_salle(
            salle=salle,
            organisation=sans_convention,
            debut=paris(2031, 3, 4, 9),
            fin=paris(2031, 3, 4, 10),
            objet=ReservationSalle.Objet.AUTRE,
        )
    with pytest.raises(ValidationError, match=SANS):
        creer_atelier(
            titre="Premiers pas",
            description="",
            public=Atelier.Public.SENIORS,
            organisation=sans_convention,
            salle=salle,
            debut=paris(2031, 3, 4, 14),
            fin=paris(2031, 3, 4, 16),
            capacite=4,
        )
    with pytest.raises(ValidationError) as erreur:
        reserver_permanence_ponctuelle(
            organisation=sans_convention,
            salle=salle,
            date=dt.date(2031, 3, 5),
            heure_debut=dt.time(9),
            heure_fin=dt.time(12),
            demarches=[],
            intervenants=[],
            par=BenevoleFactory(organisation=sans_convention),
        )
    assert SANS in erreur.value.message_dict["date"][0]
    assert not ReservationSalle.objects.exists()


def test_the_ruche_itself_needs_no_convention():
    ruche = RucheFactory()
    assert not ruche.conventions.exists()
    salle = SalleFactory(nom="Salle des ateliers")
    atelier = creer_atelier(
        titre="Atelier de la Ruche",
        description="",
        public=Atelier.Public.TOUS,
        organisation=ruche,
        salle=salle,
        debut=paris(2031, 3, 4, 14),
        fin=paris(2031, 3, 4, 16),
        capacite=4,
    )
    assert inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")


def test_no_public_slot_for_a_partner_without_convention(demarche, sans_convention):
    occurrence_pour(demarche, organisation=sans_convention)
    assert creneaux_publics(demarche=demarche) == []


def test_the_admin_says_why_beside_the_field(client, sans_convention):
    client.force_login(PersonnelFactory(is_superuser=True))
    response = client.post(
        reverse("admin:permanences_reservationsalle_add"),
        {
            "salle": SalleFactory(nom="Bureau 2").pk,
            "organisation": sans_convention.pk,
            "debut_0": "2031-03-04",
            "debut_1": "09:00",
            "fin_0": "2031-03-04",
            "fin_1": "10:00",
            "objet": "autre",
        },
    )
    assert response.status_code == 200
    assert SANS in response.context["adminform"].form.errors["debut"][0]
    assert not ReservationSalle.objects.exists()


def test_a_volunteer_of_a_partner_without_convention_is_told_on_the_page(client, sans_convention):
    client.force_login(BenevoleFactory(organisation=sans_convention))
    salle = SalleFactory(nom="Bureau 2")
    response = client.post(
        reverse("permanences:reserver"),
        {
            "salle": salle.pk,
            "date": "2031-03-04",
            "heure_debut": "09:00",
            "heure_fin": "10:00",
            "accueil": Permanence.Accueil.LES_DEUX,
        },
    )
    assert response.status_code == 200
    assert SANS in response.content.decode().replace("&#x27;", "'")
    assert not ReservationSalle.objects.exists()


# A lapse announced: notification received 25 days ago, lapse in a few days.


def annoncer_caducite(organisation):
    convention = organisation.conventions.get().convention
    recue = timezone.localdate() - dt.timedelta(days=25)
    return ManquementFactory(
        convention=convention,
        article=Manquement.Article.ENGAGEMENTS,
        notifie_le=recue,
        recue_le=recue,
    )


def test_a_workshop_after_an_announced_lapse_is_no_longer_offered(client):
    aujourdhui = timezone.localdate()
    avant = AtelierFactory(
        titre="Avant la caducité",
        debut=paris(aujourdhui.year, aujourdhui.month, aujourdhui.day, 14) + dt.timedelta(days=2),
    )
    apres = AtelierFactory(
        titre="Après la caducité",
        organisation=avant.organisation,
        debut=paris(aujourdhui.year, aujourdhui.month, aujourdhui.day, 9) + dt.timedelta(days=10),
    )
    page = client.get(reverse("permanences:ateliers")).content.decode()
    assert "Avant la caducité" in page and "Après la caducité" in page
    annoncer_caducite(avant.organisation)
    assert [a.pk for a in ateliers_publics()[0]] == [avant.pk]
    page = client.get(reverse("permanences:ateliers")).content.decode()
    assert "Avant la caducité" in page and "Après la caducité" not in page
    assert client.get(reverse("permanences:atelier", args=[apres.pk])).status_code == 404
    assert client.get(reverse("permanences:atelier", args=[avant.pk])).status_code == 200
    # The workshop stays in the staff's hands: the ending step cancels it.
    assert Atelier.objects.filter(pk=apres.pk, reservation__annulee=False).exists()


def test_slots_after_an_announced_lapse_leave_the_cached_list(demarche):
    aujourdhui = timezone.localdate()
    avant = occurrence_pour(demarche, jour=aujourdhui + dt.timedelta(days=2))
    organisation = avant.permanence.organisation
    apres = occurrence_pour(
        demarche, jour=aujourdhui + dt.timedelta(days=7), organisation=organisation
    )
    offerts = {s[0] for s in creneaux_publics(demarche=demarche)}
    assert offerts == {avant.pk, apres.pk}  # now in the cache
    annoncer_caducite(organisation)
    assert {s[0] for s in creneaux_publics(demarche=demarche)} == {avant.pk}
