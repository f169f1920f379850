"""Every registered admin page, as the demo's staff agent and as a superuser, on demo data;
the biggest lists at a fixed number of queries; appointment notes out of the admin."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from permanences.models import Occurrence, RendezVous
from ruche.models import Passage, Utilisateur
from tests.permanences.factories import DemarcheFactory, RendezVousFactory, seance_pour
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
    call_command("demo", force=True, stdout=StringIO())
    agent = Utilisateur.objects.get(username="agent")
    racine = Utilisateur.objects.create_superuser("racine", "racine@exemple.fr", "x")
    refused = []
    for user in (agent, racine):
        client.force_login(user)
        for model in MODELES:
            for kind, url in urls_de(model):
                status = client.get(url).status_code
                # 403 is on purpose for some pages (read-only sessions, tokens cannot be added).
                assert status in (200, 403), (user.username, kind, url, status)
                if status == 403:
                    refused.append((user.username, model._meta.label, kind))
                if user == racine and kind in ("changelist", "history"):
                    assert status == 200, (kind, url)
    # The agent manages every model of the project like the superuser (accounts and login
    # attempts are the superuser's).
    projet = ("partenariats.", "permanences.", "ruche.")
    assert {(m, k) for u, m, k in refused if u == "agent" and m.startswith(projet)} == {
        (m, k) for u, m, k in refused if u == "racine" and m.startswith(projet)
    }


def _rendez_vous(nombre):
    demarche = DemarcheFactory()
    for n in range(nombre):
        seance = seance_pour(
            demarche,
            jour=timezone.localdate() + timedelta(days=n + 1),
            debut=time(9),
            fin=time(12),
        )
        RendezVousFactory(occurrence=seance, demarche=demarche)
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
    rdv = RendezVousFactory(occurrence=seance_pour(demarche), demarche=demarche)
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
