"""Every registered admin page, as the demo's staff agent and as a superuser, on demo data;
the biggest lists at a fixed number of queries; appointment notes out of the admin."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partenariats.demo import charger_organisations
from permanences.models import Occurrence, RendezVous
from ruche.demo import charger_comptes
from ruche.management.commands.demo import Command
from ruche.models import Passage, Utilisateur
from ruche.roles import COMITE, PERSONNEL
from tests.demo import charger_demo
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, occurrence_pour
from tests.ruche.factories import PassageFactory, PersonnelFactory

pytestmark = pytest.mark.django_db

MODELES = sorted(admin.site._registry, key=lambda m: m._meta.label)


def urls_de(model):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    urls = [("changelist", reverse(f"{prefix}_changelist")), ("add", reverse(f"{prefix}_add"))]
    obj = model._default_manager.order_by("pk").last()
    if obj is not None:
        urls.append(("change", reverse(f"{prefix}_change", args=[obj.pk])))
        urls.append(("history", reverse(f"{prefix}_history", args=[obj.pk])))
    return urls


def test_every_admin_page_opens_for_the_agent_and_a_superuser(client):
    charger_demo()
    agent = Utilisateur.objects.get(username="agent")
    racine = Utilisateur.objects.create_superuser("racine", "racine@exemple.fr", "x")
    refused = []
    for utilisateur in (agent, racine):
        client.force_login(utilisateur)
        for model in MODELES:
            for kind, url in urls_de(model):
                status = client.get(url).status_code
                # 403 is on purpose for some pages (read-only sessions, tokens cannot be added).
                assert status in (200, 403), (utilisateur.username, kind, url, status)
                if status == 403:
                    refused.append((utilisateur.username, model._meta.label, kind))
                if utilisateur == racine and kind in ("changelist", "history"):
                    assert status == 200, (kind, url)
    # The agent manages every model of the project like the superuser, but for places,
    # which superusers create and give, and the France Services operators every place's
    # statistics share (roles and login attempts are theirs too).
    projet = ("partenariats.", "permanences.", "ruche.")
    assert {(m, k) for u, m, k in refused if u == "agent" and m.startswith(projet)} == {
        (m, k) for u, m, k in refused if u == "racine" and m.startswith(projet)
    } | {("ruche.Lieu", "add"), ("ruche.Operateur", "add")}


def _rendez_vous(nombre):
    demarche = DemarcheFactory()
    for n in range(nombre):
        occurrence = occurrence_pour(
            demarche,
            jour=timezone.localdate() + timedelta(days=n + 1),
            debut=time(9),
            fin=time(12),
        )
        RendezVousFactory(occurrence=occurrence, demarche=demarche)
        PassageFactory()


def _requetes(client, django_assert_max_num_queries, model, limite):
    opts = model._meta
    with django_assert_max_num_queries(limite):
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [RendezVous, Occurrence, Passage])
def test_big_changelists_do_not_query_per_row(client, django_assert_max_num_queries, model):
    personnel = PersonnelFactory(is_superuser=True)
    client.force_login(personnel)
    _rendez_vous(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    _rendez_vous(12)
    _requetes(client, django_assert_max_num_queries, model, len(few.captured_queries))


def test_appointment_notes_stay_out_of_the_admin_history(client):
    """The change page hides the notes; their history must not show them either."""
    client.force_login(PersonnelFactory(is_superuser=True))
    demarche = DemarcheFactory()
    rdv = RendezVousFactory(occurrence=occurrence_pour(demarche), demarche=demarche)
    rdv.notes = "Carrière en Espagne, relevé à demander"
    rdv.save()
    rdv.notes = "Dossier complet, revient en mars"
    rdv.save()
    for url in (
        reverse("admin:permanences_rendezvous_change", args=[rdv.pk]),
        reverse("admin:permanences_rendezvous_history", args=[rdv.pk]),
        *(
            reverse("admin:permanences_rendezvous_simple_history", args=[rdv.pk, h.pk])
            for h in rdv.history.all()
        ),
    ):
        html = client.get(url).content.decode()
        assert "Espagne" not in html and "mars" not in html, url


def donnees_du_formulaire(response):
    """What the admin form would post back unchanged: the values it shows, as strings."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            # The browser posts only the options it shows.
            shown = {str(pk) for pk in field.queryset.values_list("pk", flat=True)}
            data[name] = [str(v) for v in value if str(v) in shown]
        elif value is not None:
            data[name] = str(value)
    return data


def _poster(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200, url
    data = {**donnees_du_formulaire(response), **changes}
    return client.post(url, data)


def _toutes_les_permissions():
    return [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]


def _change(utilisateur):
    return reverse("admin:ruche_utilisateur_change", args=[utilisateur.pk])


class TestLAgentNeSElevePas:
    """The demo's staff agent, through the admin forms, tries every way to more rights."""

    @pytest.fixture
    def agent(self, client):
        # The demo's organisations and accounts, without its year of generated visits.
        charger_organisations()
        charger_comptes(Command(stdout=StringIO()))
        agent = Utilisateur.objects.get(username="agent")
        client.force_login(agent)
        return agent

    def test_own_status_roles_and_permissions(self, client, agent):
        groupes = set(agent.groups.all())
        tout = Group.objects.create(name="Tout")
        tout.permissions.set(Permission.objects.all())
        response = _poster(
            client,
            _change(agent),
            is_superuser="on",
            is_staff="on",
            is_active="on",
            groups=[str(pk) for pk in Group.objects.values_list("pk", flat=True)],
            user_permissions=_toutes_les_permissions(),
            first_name="Sophie-Anne",
        )
        assert response.status_code == 302
        agent.refresh_from_db()
        assert agent.first_name == "Sophie-Anne"  # the rest of the form still works
        assert not agent.is_superuser
        assert set(agent.groups.all()) == groupes
        assert not agent.user_permissions.exists()

    def test_another_account_gets_roles_but_no_status_or_permission(self, client, agent):
        presidente = Utilisateur.objects.get(username="presidente")
        comite = Group.objects.get(name=COMITE)
        response = _poster(
            client,
            _change(presidente),
            is_superuser="on",
            is_staff="on",
            groups=[str(comite.pk)],
            user_permissions=_toutes_les_permissions(),
        )
        assert response.status_code == 302
        presidente.refresh_from_db()
        assert not presidente.is_superuser and not presidente.is_staff
        assert not presidente.user_permissions.exists()
        assert list(presidente.groups.all()) == [comite]  # staff manage roles

    def test_a_role_granting_more_than_the_agent_holds(self, client, agent):
        tout = Group.objects.create(name="Tout")
        tout.permissions.set(Permission.objects.all())
        conseiller = Utilisateur.objects.get(username="conseiller")
        response = _poster(client, _change(conseiller), groups=[str(tout.pk)])
        assert response.status_code == 200  # refused in the form
        assert tout not in conseiller.groups.all()
        # Nor can a new account be created with it, or with a status.
        response = client.post(
            reverse("admin:ruche_utilisateur_add"),
            {
                "username": "complice",
                "usable_password": "true",
                "password1": "Complice-2026-secret",
                "password2": "Complice-2026-secret",
                "groups": [str(tout.pk)],
                "is_superuser": "on",
                "is_staff": "on",
            },
        )
        assert not Utilisateur.objects.filter(username="complice", groups=tout).exists()
        assert not Utilisateur.objects.filter(is_superuser=True).exists()
        assert not Utilisateur.objects.filter(is_staff=True).exclude(pk=agent.pk).exists()
        # An account holding a role the agent cannot give is above the agent: read only.
        conseiller.groups.add(tout)
        response = client.post(_change(conseiller), {"username": "conseiller", "groups": []})
        assert response.status_code == 403
        assert tout in conseiller.groups.all()

    def test_a_superusers_account_is_out_of_reach(self, client, agent):
        racine = Utilisateur.objects.create_superuser("racine", "racine@exemple.fr", "x")
        assert client.get(_change(racine)).status_code == 200  # read only
        assert client.post(_change(racine), {"email": "agent@pirate.fr"}).status_code == 403
        password = reverse("admin:auth_user_password_change", args=[racine.pk])
        mot = "Nouveau-mot-2026-secret"
        response = client.post(password, {"password1": mot, "password2": mot})
        assert response.status_code == 403
        delete = reverse("admin:ruche_utilisateur_delete", args=[racine.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        client.post(
            reverse("admin:ruche_utilisateur_changelist"),
            {"action": "delete_selected", "_selected_action": [str(racine.pk)], "post": "yes"},
        )
        racine.refresh_from_db()
        assert racine.email == "racine@exemple.fr" and not racine.check_password(mot)

    def test_roles_permissions_are_the_superusers(self, client, agent):
        personnel = Group.objects.get(name=PERSONNEL)
        url = reverse("admin:auth_group_change", args=[personnel.pk])
        assert client.get(url).status_code == 403  # staff do not edit roles themselves
        # Even were they given the right to, a role stays the superuser's.
        agent.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="auth", codename__endswith="group")
        )
        agent = Utilisateur.objects.get(pk=agent.pk)
        client.force_login(agent)
        avant = set(personnel.permissions.all())
        response = client.post(url, {"name": PERSONNEL, "permissions": _toutes_les_permissions()})
        assert response.status_code == 403
        assert set(personnel.permissions.all()) == avant

    def test_the_staff_role_holds_no_permission_on_roles_or_permissions(self, agent):
        assert not Group.objects.get(name=PERSONNEL).permissions.filter(
            content_type__app_label="auth"
        )


def test_a_superuser_grants_status_but_not_to_themselves(client):
    racine = Utilisateur.objects.create_superuser("racine", "racine@exemple.fr", "x")
    agent = PersonnelFactory()
    client.force_login(racine)
    assert _poster(client, _change(agent), is_superuser="on").status_code == 302
    agent.refresh_from_db()
    assert agent.is_superuser
    response = _poster(client, _change(racine), groups=[], user_permissions=[])
    assert response.status_code == 302
    racine.refresh_from_db()
    assert racine.is_superuser and racine.is_active  # one's own status stays
