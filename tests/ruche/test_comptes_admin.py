"""Staff manage the accounts of their own places' volunteers and committee members, in the
admin, with two places in the install: roles no higher than theirs, never a place they do
not have, never the network coordination role; for a password they send a link, they never
type one; their own roles and places are not theirs to change. Superusers grant the rest."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from ruche.models import Lieu, Utilisateur
from ruche.models.lieu import lieu_principal
from ruche.roles import BENEVOLE, COMITE, COORDINATION, PERSONNEL
from tests.partenariats.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartieFactory,
    RucheFactory,
)
from tests.ruche.factories import BenevoleFactory, PersonnelFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def _groupe(nom):
    return str(Group.objects.get(name=nom).pk)


@pytest.fixture
def reseau():
    """Bagnols (A) and Pont (B), a partner association at each, an agent at each."""
    a = lieu_principal()
    b = Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    monde = {}
    for cle, lieu, ville in (("a", a, "Bagnols"), ("b", b, "Pont")):
        ruche = RucheFactory(nom=f"Ville de {ville}", sigle=f"Ruche {ville}")
        Lieu.objects.filter(pk=lieu.pk).update(organisation=ruche)
        partenaire = OrganisationFactory(nom=f"Association de {ville}", en_convention=False)
        convention = ConventionFactory(lieu=lieu)
        PartieFactory(convention=convention, organisation=partenaire)
        agent = PersonnelFactory(username=f"agent_{cle}", organisation=ruche)
        agent.lieux.add(lieu)
        monde[cle] = {
            "lieu": lieu,
            "partenaire": partenaire,
            "agent": agent,
            "benevole": BenevoleFactory(username=f"benevole_{cle}", organisation=partenaire),
        }
    return monde


@pytest.fixture
def agent(client, reseau):
    client.force_login(reseau["a"]["agent"])
    return reseau["a"]["agent"]


def _change(compte):
    return reverse("admin:ruche_utilisateur_change", args=[compte.pk])


def _donnees(compte, **changes):
    """The change form as posted back unchanged."""
    data = {
        "username": compte.username,
        "first_name": compte.first_name,
        "last_name": compte.last_name,
        "email": compte.email,
        "is_active": "on" if compte.is_active else "",
        "organisation": compte.organisation_id or "",
        "lieux": [str(pk) for pk in compte.lieux.values_list("pk", flat=True)],
        "groups": [str(pk) for pk in compte.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_the_accounts_list_holds_the_places_accounts_only(client, agent, reseau):
    html = client.get(reverse("admin:ruche_utilisateur_changelist")).content.decode()
    assert "benevole_a" in html and "agent_a" in html
    assert "benevole_b" not in html and "agent_b" not in html
    for compte in (reseau["b"]["benevole"], reseau["b"]["agent"]):
        assert client.get(_change(compte)).status_code == 404


def test_staff_cannot_add_another_place_to_their_own_account(client, agent, reseau):
    a, b = reseau["a"]["lieu"], reseau["b"]["lieu"]
    response = client.post(_change(agent), _donnees(agent, lieux=[str(a.pk), str(b.pk)]))
    assert response.status_code == 302
    assert list(agent.lieux.all()) == [a]
    # Nor their organisation: a committee member's places follow it.
    client.post(_change(agent), _donnees(agent, organisation=reseau["b"]["partenaire"].pk))
    agent.refresh_from_db()
    assert agent.organisation == reseau["a"]["agent"].organisation


def test_staff_never_type_someone_elses_password_they_send_a_link(client, agent, reseau):
    benevole = reseau["a"]["benevole"]
    collegue = PersonnelFactory(username="collegue_a")
    collegue.lieux.add(reseau["a"]["lieu"])
    mot = "Nouveau-mot-2026-secret"
    for compte in (benevole, collegue, agent):
        url = reverse("admin:auth_user_password_change", args=[compte.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"password1": mot, "password2": mot}).status_code == 403
        compte.refresh_from_db()
        assert not compte.check_password(mot)
    # The button of the account's page, then the list's action.
    page = client.get(_change(benevole)).content.decode()
    lien = reverse("admin:ruche_utilisateur_lien_mot_de_passe", args=[benevole.pk])
    assert f'action="{lien}"' in page
    assert client.post(lien).status_code == 302
    client.post(
        reverse("admin:ruche_utilisateur_changelist"),
        {"action": "envoyer_lien", "_selected_action": [str(benevole.pk)]},
    )
    assert [m.to for m in mail.outbox] == [[benevole.email], [benevole.email]]
    assert re.search(r"/mot-de-passe/nouveau/[\w-]+/[\w-]+/", mail.outbox[0].body)
    assert "benevole_a" in mail.outbox[0].body


def test_another_staff_members_account_is_read_only(client, agent, reseau):
    collegue = PersonnelFactory(username="collegue_a", email="collegue@exemple.fr")
    collegue.lieux.add(reseau["a"]["lieu"])
    assert client.get(_change(collegue)).status_code == 200  # seen, read only
    response = client.post(_change(collegue), _donnees(collegue, email="pirate@exemple.fr"))
    assert response.status_code == 403
    collegue.refresh_from_db()
    assert collegue.email == "collegue@exemple.fr"
    lien = reverse("admin:ruche_utilisateur_lien_mot_de_passe", args=[collegue.pk])
    assert client.post(lien).status_code == 403
    assert (
        client.post(reverse("admin:ruche_utilisateur_delete", args=[collegue.pk])).status_code
        == 403
    )
    assert mail.outbox == []


def test_staff_give_no_role_above_theirs_nor_the_coordination(client, agent, reseau):
    benevole = reseau["a"]["benevole"]
    page = client.get(_change(benevole)).content.decode()
    assert COMITE in page and BENEVOLE in page
    assert PERSONNEL not in page and COORDINATION not in page
    for role in (PERSONNEL, COORDINATION):
        client.post(_change(benevole), _donnees(benevole, groups=[_groupe(role)]))
        assert not benevole.groups.filter(name=role).exists()
    client.post(_change(benevole), _donnees(benevole, groups=[_groupe(COMITE)]))
    assert list(benevole.groups.values_list("name", flat=True)) == [COMITE]


def test_a_new_account_gets_a_link_and_no_password(client, agent, reseau):
    ajout = reverse("admin:ruche_utilisateur_add")
    html = client.get(ajout).content.decode()
    assert 'name="password1"' not in html and "Association de Pont" not in html
    saisie = {
        "username": "nouvelle",
        "first_name": "Inès",
        "last_name": "Roussel",
        "email": "ines@exemple.fr",
        "organisation": reseau["a"]["partenaire"].pk,
        "groups": [_groupe(BENEVOLE)],
        # A forged post may add a password: it is not read.
        "password1": "Complice-2026-secret",
        "password2": "Complice-2026-secret",
    }
    # B's place and the coordination role are no choices of A's agent.
    for forge in ({"lieux": [str(reseau["b"]["lieu"].pk)]}, {"groups": [_groupe(COORDINATION)]}):
        assert client.post(ajout, {**saisie, **forge}).status_code == 200
        assert not Utilisateur.objects.filter(username="nouvelle").exists()
    assert client.post(ajout, saisie).status_code == 302
    compte = Utilisateur.objects.get(username="nouvelle")
    assert not compte.has_usable_password()
    assert list(compte.groups.values_list("name", flat=True)) == [BENEVOLE]
    assert [m.to for m in mail.outbox] == [["ines@exemple.fr"]]
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_a_new_account_must_be_of_the_staffs_places(client, agent, reseau):
    response = client.post(
        reverse("admin:ruche_utilisateur_add"),
        {"username": "sans_lieu", "email": "sans.lieu@exemple.fr"},
    )
    assert response.status_code == 200
    assert "ne serait d'aucun de vos lieux" in unescape(response.content.decode())
    assert not Utilisateur.objects.filter(username="sans_lieu").exists()


def test_places_given_are_the_staffs_own_and_others_are_kept(client, agent, reseau):
    a, b = reseau["a"]["lieu"], reseau["b"]["lieu"]
    membre = UtilisateurFactory(username="membre_comite", organisation=agent.organisation)
    membre.groups.add(Group.objects.get(name=COMITE))
    membre.lieux.add(a, b)  # a committee member following both places
    response = client.post(_change(membre), _donnees(membre, lieux=[]))
    assert response.status_code == 302
    assert list(membre.lieux.all()) == [b]  # A's agent took A away, not B


def test_an_address_changed_by_staff_is_told_to_the_former_one(client, agent, reseau):
    benevole = reseau["a"]["benevole"]
    ancienne = benevole.email
    response = client.post(_change(benevole), _donnees(benevole, email="nouvelle@exemple.fr"))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[ancienne]]
    assert "nouvelle@exemple.fr" not in mail.outbox[0].body  # nor given away


def test_roles_are_changed_by_superusers_only(client, agent):
    agent.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__endswith="group")
    )
    agent = Utilisateur.objects.get(pk=agent.pk)
    client.force_login(agent)
    personnel = Group.objects.get(name=PERSONNEL)
    url = reverse("admin:auth_group_change", args=[personnel.pk])
    assert client.post(url, {"name": "Tout le monde"}).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "Nouveau"}).status_code == 403
    personnel.refresh_from_db()
    assert personnel.name == PERSONNEL


def test_a_superuser_grants_the_staff_role_places_and_passwords(client, reseau):
    racine = UtilisateurFactory(username="racine", is_staff=True, is_superuser=True)
    client.force_login(racine)
    benevole = reseau["a"]["benevole"]
    a, b = reseau["a"]["lieu"], reseau["b"]["lieu"]
    response = client.post(
        _change(benevole),
        _donnees(
            benevole,
            groups=[_groupe(PERSONNEL), _groupe(COORDINATION)],
            lieux=[str(a.pk), str(b.pk)],
        ),
    )
    assert response.status_code == 302
    assert set(benevole.groups.values_list("name", flat=True)) == {PERSONNEL, COORDINATION}
    assert set(benevole.lieux.all()) == {a, b}
    mot = "Nouveau-mot-2026-secret"
    url = reverse("admin:auth_user_password_change", args=[benevole.pk])
    assert client.post(url, {"password1": mot, "password2": mot}).status_code == 302
    benevole.refresh_from_db()
    assert benevole.check_password(mot)
