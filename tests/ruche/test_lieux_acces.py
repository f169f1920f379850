"""Two places with rooms of the same names and the same partner association: the staff of
one place see nothing of the other (pages, objects, statistics, calendar feeds), the network
coordination reads both and writes nothing, the committee of a convention sees its place."""

from datetime import date, time

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from permanences.models import Calendrier, JetonCalendrier, ReservationSalle, Salle
from permanences.services.salles import intervalle, reserver_salle
from ruche.models import Lieu, Passage
from ruche.models.lieu import lieu_principal
from ruche.perimetre import lieux_visibles
from ruche.periodes import Periode
from ruche.statistiques.requetes import statistiques
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.permanences.factories import DemarcheFactory, FermetureFactory, occurrence_pour
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    CoordinationFactory,
    PassageFactory,
    PersonnelFactory,
)

pytestmark = pytest.mark.django_db


def _convention(lieu, titre, partenaire, ville):
    convention = ConventionFactory(lieu=lieu, titre=titre)
    PartieFactory(convention=convention, organisation=partenaire, ordre=1)
    PartieFactory(convention=convention, organisation=ville, ordre=2, role="Commune")
    return convention


@pytest.fixture
def reseau():
    ville = RucheFactory(nom="Communauté d'agglomération du Gard rhodanien")
    partenaire = OrganisationFactory(nom="Association des quartiers", sigle="AQ")
    lieux = {
        "a": lieu_principal(),
        "b": Lieu.objects.create(nom="France Services Pont", slug="pont"),
    }
    Lieu.objects.update(organisation=ville)
    for lieu in lieux.values():
        lieu.refresh_from_db()
    monde = {"lieux": lieux, "partenaire": partenaire}
    for cle, lieu in lieux.items():
        salle = Salle.objects.create(nom="Salle Cèze", capacite=8, lieu=lieu)
        demarche = DemarcheFactory(lieu=lieu, slug=f"retraite-{cle}")
        calendrier = Calendrier.objects.create(
            lieu=lieu, organisation=partenaire, annee=2027, semestre=1
        )
        agent = PersonnelFactory(username=f"agent_{cle}", organisation=ville)
        agent.lieux.add(lieu)
        monde[cle] = {
            "salle": salle,
            "agent": agent,
            "convention": _convention(lieu, f"Convention du lieu {cle.upper()}", partenaire, ville),
            "occurrence": occurrence_pour(demarche, calendrier=calendrier, salle=salle),
            "passage": PassageFactory(lieu=lieu, auteur=agent),
        }
    return monde


def test_staff_see_only_their_place_s_objects(client, reseau):
    a, b = reseau["a"], reseau["b"]
    client.force_login(b["agent"])
    for nom, pk in [
        ("partenariats:detail", a["convention"].pk),
        ("partenariats:pdf", a["convention"].pk),
        ("partenariats:fin", a["convention"].pk),
        ("passages:corriger", a["passage"].pk),
        ("permanences:feuille", a["occurrence"].pk),
    ]:
        assert client.get(reverse(nom, args=[pk])).status_code == 404, nom
    assert client.get(reverse("partenariats:detail", args=[b["convention"].pk])).status_code == 200
    liste = client.get(reverse("partenariats:liste")).content.decode()
    assert "Convention du lieu B" in liste and "Convention du lieu A" not in liste
    occupation = client.get(reverse("permanences:occupation"))
    assert [ligne["salle"].pk for ligne in occupation.context["lignes"]] == [b["salle"].pk]


def test_closures_of_one_place_do_not_close_the_other(client, reseau):
    jour = timezone.localdate(reseau["a"]["occurrence"].debut)
    FermetureFactory(lieu=reseau["lieux"]["a"], debut=jour, fin=jour, motif="Travaux au lieu A")
    client.force_login(reseau["b"]["agent"])
    semaine = client.get(reverse("permanences:semaine"), {"semaine": jour.isoformat()})
    assert "Travaux au lieu A" not in semaine.content.decode()
    client.force_login(reseau["a"]["agent"])
    semaine = client.get(reverse("permanences:semaine"), {"semaine": jour.isoformat()})
    assert "Travaux au lieu A" in semaine.content.decode()


def test_a_closure_in_the_calendar_names_its_place(client, reseau):
    """With several places, the week, month and day pages say which place is closed, not
    "La Ruche est fermée" for every place of the person."""
    jour = date(2027, 3, 1)
    FermetureFactory(lieu=reseau["lieux"]["b"], debut=jour, fin=jour, motif="Travaux")
    agent = PersonnelFactory(username="agent_ab", organisation=reseau["a"]["agent"].organisation)
    agent.lieux.add(*reseau["lieux"].values())
    client.force_login(agent)
    for nom, parametres in (
        ("permanences:semaine", {"semaine": jour.isoformat()}),
        ("permanences:mois", {"mois": f"{jour:%Y-%m}"}),
    ):
        page = client.get(reverse(nom), parametres).content.decode()
        assert "France Services Pont : Travaux" in page, nom
        assert "La Ruche est fermée" not in page, nom
    page = client.get(reverse("permanences:jour", args=[jour])).content.decode()
    assert "France Services Pont : Travaux" in page and "La Ruche est fermée" not in page


def test_searching_a_room_on_a_day_one_place_is_closed_offers_the_other_s(client, reseau):
    """A staff member of both places: place A's closure leaves B's rooms free that day;
    both places closed, the day is refused with the reason."""
    a, b = reseau["a"], reseau["b"]
    jour = date(2027, 3, 2)
    FermetureFactory(lieu=reseau["lieux"]["a"], debut=jour, fin=jour, motif="Travaux au lieu A")
    agent = PersonnelFactory(username="agent_ab", organisation=a["agent"].organisation)
    agent.lieux.add(*reseau["lieux"].values())
    client.force_login(agent)
    donnees = {
        "organisation": reseau["partenaire"].pk,
        "date": jour.isoformat(),
        "heure_debut": "09:00",
        "heure_fin": "11:00",
        "accueil": "rendez_vous",
        "action": "chercher",
    }
    reponse = client.post(reverse("permanences:reserver"), donnees)
    assert "Travaux au lieu A" not in reponse.content.decode()
    libres = reponse.context["form"].fields["salle"].queryset
    assert [salle.pk for salle in libres] == [b["salle"].pk]
    FermetureFactory(lieu=reseau["lieux"]["b"], debut=jour, fin=jour, motif="Grève")
    reponse = client.post(reverse("permanences:reserver"), donnees)
    assert ": fermé ce jour-là" in reponse.content.decode()
    assert "La Ruche est fermée" not in reponse.content.decode()
    assert not reponse.context.get("salles_cherchees")


def test_booking_a_room_of_a_closed_place_names_that_place(reseau):
    """With several places the refusal names the closed place: nobody reads that "the
    Ruche" (their own place, maybe) is closed."""
    b = reseau["b"]
    jour = date(2027, 3, 2)
    FermetureFactory(lieu=reseau["lieux"]["b"], debut=jour, fin=jour, motif="Grève")
    debut, fin = intervalle(jour, time(9), time(11))
    with pytest.raises(ValidationError) as erreur:
        reserver_salle(
            salle=b["salle"],
            organisation=reseau["partenaire"],
            debut=debut,
            fin=fin,
            objet=ReservationSalle.Objet.PERMANENCE,
        )
    assert erreur.value.messages == ["France Services Pont : fermé ce jour-là (Grève)."]


def test_room_occupation_closes_only_the_closed_place_s_rooms(client, reseau):
    """A staff member of both places: place A's closure marks A's room that day, not B's
    room nor the whole day; both places closed mark the day."""
    a, b = reseau["a"], reseau["b"]
    jour, lendemain = date(2027, 3, 1), date(2027, 3, 2)  # a Monday, a Tuesday
    FermetureFactory(
        lieu=reseau["lieux"]["a"], debut=jour, fin=lendemain, motif="Travaux au lieu A"
    )
    FermetureFactory(lieu=reseau["lieux"]["b"], debut=lendemain, fin=lendemain, motif="Grève")
    agent = PersonnelFactory(username="agent_ab", organisation=a["agent"].organisation)
    agent.lieux.add(*reseau["lieux"].values())
    client.force_login(agent)
    reponse = client.get(reverse("permanences:occupation"), {"semaine": jour.isoformat()})
    assert reponse.status_code == 200
    jours = [j["date"] for j in reponse.context["jours"]]
    ferme = {j["date"]: j["ferme"] for j in reponse.context["jours"]}
    lignes = {ligne["salle"].pk: ligne["cellules"] for ligne in reponse.context["lignes"]}
    assert ferme[lendemain] == "Travaux au lieu A"  # both closed: the whole day
    assert ferme[jour] == ""
    i = jours.index(jour)
    assert lignes[a["salle"].pk][i]["ferme"] == "Travaux au lieu A"
    assert lignes[b["salle"].pk][i]["ferme"] == ""
    page = reponse.content.decode()
    assert page.count("Travaux au lieu A") == 2  # A's room on Monday, Tuesday's column


def test_statistics_count_each_place_s_visits_and_the_network_all(reseau):
    PassageFactory(lieu=reseau["lieux"]["b"], auteur=reseau["b"]["agent"])
    annee = Periode.annee(timezone.localdate().year)
    par_lieu = {
        cle: statistiques(annee, lieux=[lieu.pk]).total for cle, lieu in reseau["lieux"].items()
    }
    assert par_lieu == {"a": 1, "b": 2}
    assert statistiques(annee).total == 3
    assert Passage.objects.des_lieux([reseau["lieux"]["a"].pk]).count() == 1


def test_the_dashboard_of_a_place_shows_its_own_figures(client, reseau):
    PassageFactory(lieu=reseau["lieux"]["b"], auteur=reseau["b"]["agent"])
    client.force_login(reseau["a"]["agent"])
    assert client.get(reverse("statistiques:tableau_de_bord")).context["stats"].total == 1
    client.force_login(CoordinationFactory())
    assert client.get(reverse("statistiques:tableau_de_bord")).context["stats"].total == 3


def test_the_coordination_reads_every_place_and_writes_nothing(client, reseau):
    coordination = CoordinationFactory()
    assert lieux_visibles(coordination) is None
    client.force_login(coordination)
    liste = client.get(reverse("partenariats:liste")).content.decode()
    assert "Convention du lieu A" in liste and "Convention du lieu B" in liste
    convention = reseau["a"]["convention"]
    assert client.get(reverse("partenariats:pdf", args=[convention.pk])).status_code == 200
    assert client.post(reverse("partenariats:detail", args=[convention.pk])).status_code == 403
    assert client.get(reverse("passages:journal")).status_code == 403
    assert client.get(reverse("permanences:journee")).status_code == 403


def test_a_coordination_of_some_places_reads_those_only(client, reseau):
    coordination = CoordinationFactory()
    coordination.lieux.add(reseau["lieux"]["b"])
    client.force_login(coordination)
    liste = client.get(reverse("partenariats:liste")).content.decode()
    assert "Convention du lieu B" in liste and "Convention du lieu A" not in liste


def test_the_committee_of_a_convention_sees_that_convention_s_place(client, reseau):
    autre = OrganisationFactory(nom="Association de Pont", en_convention=False)
    convention = _convention(
        reseau["lieux"]["b"], "Convention de Pont", autre, reseau["lieux"]["b"].organisation
    )
    membre = ComiteFactory(organisation=autre)
    assert lieux_visibles(membre) == [reseau["lieux"]["b"].pk]
    client.force_login(membre)
    assert client.get(reverse("partenariats:detail", args=[convention.pk])).status_code == 200
    a = reseau["a"]["convention"]
    assert client.get(reverse("partenariats:detail", args=[a.pk])).status_code == 404


def test_the_partner_s_volunteers_see_their_activity_in_both_places(client, reseau):
    benevole = BenevoleFactory(organisation=reseau["partenaire"])
    client.force_login(benevole)
    for cle in ("a", "b"):
        feuille = reverse("permanences:feuille", args=[reseau[cle]["occurrence"].pk])
        assert client.get(feuille).status_code == 200


def test_a_staff_calendar_feed_holds_its_place_s_sessions_only(client, reseau):
    jeton = JetonCalendrier.objects.create(utilisateur=reseau["b"]["agent"])
    feed = client.get(reverse("permanences:agenda_ics", args=[jeton.cle])).content.decode()
    assert f"seance-{reseau['b']['occurrence'].pk}@" in feed
    assert f"seance-{reseau['a']['occurrence'].pk}@" not in feed
    assert "France Services Pont" in feed.replace("\r\n ", "")


def test_a_visit_typed_by_staff_goes_to_their_place(client, reseau):
    client.force_login(reseau["b"]["agent"])
    client.post(reverse("passages:journal"), {"accompagnement": "sans_rdv"})
    assert Passage.objects.filter(lieu=reseau["lieux"]["b"]).count() == 2


def test_staff_without_a_place_see_none_once_there_are_several(client, reseau):
    nouveau = PersonnelFactory()
    assert lieux_visibles(nouveau) == []
    client.force_login(nouveau)
    assert "Convention du lieu" not in client.get(reverse("partenariats:liste")).content.decode()


def test_with_one_place_staff_without_a_place_see_everything():
    """A single place: as before places existed, whoever holds the role."""
    assert lieux_visibles(PersonnelFactory()) is None


def test_the_admin_of_a_place_s_things_lists_and_offers_only_the_staff_s_places(client, reseau):
    """A staff member of place A working in the back office: B's room is not listed and cannot
    be opened, and A is not even asked for (their only place)."""
    agent = reseau["a"]["agent"]
    agent.user_permissions.add(*Permission.objects.filter(codename__endswith="_salle"))
    client.force_login(agent)
    liste = client.get(reverse("admin:permanences_salle_changelist"))
    assert liste.status_code == 200
    assert list(liste.context["cl"].queryset) == [reseau["a"]["salle"]]
    autre = reverse("admin:permanences_salle_change", args=[reseau["b"]["salle"].pk])
    assert client.get(autre).status_code == 404  # as on the site
    ajout = client.get(reverse("admin:permanences_salle_add"))
    assert "lieu" not in ajout.context["adminform"].form.fields
    reponse = client.post(
        reverse("admin:permanences_salle_add"), {"nom": "Salle Tave", "capacite": 4}
    )
    assert reponse.status_code == 302
    assert Salle.objects.get(nom="Salle Tave").lieu == reseau["lieux"]["a"]


def test_the_admin_asks_for_the_place_among_those_of_a_staff_member_of_two(client, reseau):
    agent = reseau["a"]["agent"]
    agent.lieux.add(reseau["lieux"]["b"])
    Lieu.objects.create(nom="France Services Uzès", slug="uzes")
    agent.user_permissions.add(*Permission.objects.filter(codename__endswith="_fermeture"))
    client.force_login(agent)
    ajout = client.get(reverse("admin:ruche_fermeture_add"))
    choix = ajout.context["adminform"].form.fields["lieu"].queryset
    assert set(choix) == set(reseau["lieux"].values())


def test_staff_without_a_place_cannot_fill_the_first_place_s_log(client, reseau):
    """Once there are several places, a visit typed by staff attached to none would have
    gone to the first place, silently: the page says why nothing can be typed."""
    nouveau = PersonnelFactory()
    client.force_login(nouveau)
    page = client.get(reverse("passages:journal")).content.decode()
    assert "rattaché·e à aucun lieu" in page and 'name="accompagnement"' not in page
    reponse = client.post(reverse("passages:journal"), {"accompagnement": "sans_rdv"})
    assert reponse.status_code == 400
    assert "rattaché·e à aucun lieu" in reponse.content.decode()
    assert Passage.objects.count() == 2


def test_staff_of_two_places_say_where_the_person_came(client, reseau):
    agent = reseau["a"]["agent"]
    agent.lieux.add(reseau["lieux"]["b"])
    client.force_login(agent)
    page = client.get(reverse("passages:journal")).content.decode()
    assert 'name="lieu"' in page and "France Services Pont" in page
    reponse = client.post(reverse("passages:journal"), {"accompagnement": "sans_rdv"})
    assert reponse.status_code == 400
    assert "Choisissez le lieu" in reponse.content.decode()
    client.post(
        reverse("passages:journal"),
        {"accompagnement": "sans_rdv", "lieu": reseau["lieux"]["b"].pk},
    )
    assert Passage.objects.filter(lieu=reseau["lieux"]["b"]).count() == 2
    autre = Lieu.objects.create(nom="Ailleurs", slug="ailleurs")
    reponse = client.post(
        reverse("passages:journal"), {"accompagnement": "sans_rdv", "lieu": autre.pk}
    )
    assert reponse.status_code == 400 and not Passage.objects.filter(lieu=autre).exists()


def test_the_whole_network_s_superuser_chooses_the_place_too(reseau):
    from django.core.exceptions import ValidationError

    from ruche.passages.services import enregistrer_passage
    from tests.ruche.factories import UtilisateurFactory

    admin = UtilisateurFactory(is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError):
        enregistrer_passage(auteur=admin, accompagnement="sans_rdv")
    passage = enregistrer_passage(
        auteur=admin, accompagnement="sans_rdv", lieu=reseau["lieux"]["b"]
    )
    assert passage.lieu == reseau["lieux"]["b"]


def test_volunteers_see_the_closures_of_their_partnership_s_places_only(client, reseau):
    jour = timezone.localdate(reseau["a"]["occurrence"].debut)
    ailleurs = Lieu.objects.create(nom="Maison France Services Ailleurs", slug="ailleurs")
    FermetureFactory(lieu=ailleurs, debut=jour, fin=jour, motif="Travaux ailleurs")
    FermetureFactory(lieu=reseau["lieux"]["b"], debut=jour, fin=jour, motif="Travaux à Pont")
    client.force_login(BenevoleFactory(organisation=reseau["partenaire"]))
    for nom, parametres in [
        ("permanences:semaine", {"semaine": jour.isoformat()}),
        ("permanences:mois", {"mois": jour.strftime("%Y-%m")}),
    ]:
        page = client.get(reverse(nom), parametres).content.decode()
        assert "Travaux à Pont" in page and "Travaux ailleurs" not in page, nom
    page = client.get(reverse("permanences:jour", args=[jour])).content.decode()
    assert "Travaux à Pont" in page and "Travaux ailleurs" not in page


def test_historical_totals_count_at_their_own_place(reseau):
    """Totals typed from a place's reports before the app count for that place only, and
    once in the network's figures; each place may have its own total of the same year."""
    from ruche.models import TotalHistorique

    for cle, nombre in (("a", 100), ("b", 7)):
        TotalHistorique.objects.create(
            lieu=reseau["lieux"][cle], annee=2023, accompagnement="", nombre=nombre, source="x"
        )
    annee = Periode.annee(2023)
    par_lieu = {
        cle: statistiques(annee, lieux=[lieu.pk]).total for cle, lieu in reseau["lieux"].items()
    }
    assert par_lieu == {"a": 100, "b": 7}
    assert statistiques(annee).total == 107
