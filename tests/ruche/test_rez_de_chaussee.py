"""The ground floor owns its tenants: `Organisation` (from partenariats), `Fermeture` and
`VersionCreneaux` (from permanences) belong to ruche. A database of before the move migrates
in place: the same tables and rows, their histories, what points at them, and the roles'
permissions on them."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ruche.models import Fermeture, Lieu, Organisation, Passage, Utilisateur, VersionCreneaux

# The heads just before the move.
AVANT = [
    ("ruche", "0018_sms"),
    ("permanences", "0016_demarches_discretes"),
    ("partenariats", "0011_partie_accords_rencontres_bilan"),
    ("passerelles", "0001_initial"),
]


def _donnees_d_avant(anciennes):
    """Rows written with the models as they were before the move."""
    Organisation_ = anciennes.get_model("partenariats", "Organisation")
    HistoriqueOrganisation = anciennes.get_model("partenariats", "HistoricalOrganisation")
    Lieu_ = anciennes.get_model("ruche", "Lieu")
    Fermeture_ = anciennes.get_model("permanences", "Fermeture")
    HistoriqueFermeture = anciennes.get_model("permanences", "HistoricalFermeture")
    Version_ = anciennes.get_model("permanences", "VersionCreneaux")
    Utilisateur_ = anciennes.get_model("ruche", "Utilisateur")
    Passage_ = anciennes.get_model("ruche", "Passage")
    Group_ = anciennes.get_model("auth", "Group")
    Permission_ = anciennes.get_model("auth", "Permission")
    ContentType_ = anciennes.get_model("contenttypes", "ContentType")

    ville = Organisation_.objects.create(nom="Ville", nature="commune", est_la_ruche=True)
    avaq = Organisation_.objects.create(nom="A.V.A.Q.B-C", sigle="AVAQ", nature="association")
    HistoriqueOrganisation.objects.create(
        id=avaq.pk,
        nom=avaq.nom,
        sigle="AVAQ",
        nature="association",
        history_date=timezone.now(),
        history_type="+",
    )
    lieu = Lieu_.objects.create(nom="La Ruche numérique", slug="ruche", organisation=ville)
    noel = Fermeture_.objects.create(
        lieu=lieu, debut=dt.date(2025, 12, 24), fin=dt.date(2025, 12, 26), motif="Noël"
    )
    HistoriqueFermeture.objects.create(
        id=noel.pk,
        lieu_id=lieu.pk,
        debut=noel.debut,
        fin=noel.fin,
        motif="Noël",
        history_date=timezone.now(),
        history_type="+",
    )
    Version_.objects.update_or_create(pk=1, defaults={"valeur": 424242})
    Passage_.objects.create(accompagnement="sans_rdv", lieu=lieu, partenaire=avaq)
    # A role holding permissions on the moved models, as an administrator may have set.
    types = {
        (type_.app_label, type_.model): type_
        for type_ in (
            ContentType_.objects.get_or_create(app_label=app, model=model)[0]
            for app, model in (("partenariats", "organisation"), ("permanences", "fermeture"))
        )
    }
    role = Group_.objects.create(name="Accueil")
    for (_app, model), type_ in types.items():
        codename = f"change_{model}"
        permission = Permission_.objects.get_or_create(
            content_type=type_, codename=codename, defaults={"name": codename}
        )[0]
        role.permissions.add(permission)
    agent = Utilisateur_.objects.create(username="agent", organisation=avaq, is_active=True)
    agent.groups.add(role)
    return {
        "ville": ville.pk,
        "avaq": avaq.pk,
        "lieu": lieu.pk,
        "noel": noel.pk,
        "types": {cle: type_.pk for cle, type_ in types.items()},
    }


@pytest.mark.lent
@pytest.mark.django_db(transaction=True)
def test_a_database_of_before_the_move_migrates_in_place_and_back():
    """One trip back before the move and forward again, both ways checked: each trip costs a
    minute of the suite (Django renders every model again at each relation it changes)."""
    type_organisation = ContentType.objects.get(app_label="ruche", model="organisation").pk
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    try:
        anciennes = executor.loader.project_state(AVANT).apps
        # Going back gives the content types their labels again: the same row.
        ContentType_ = anciennes.get_model("contenttypes", "ContentType")
        assert ContentType_.objects.get(pk=type_organisation).app_label == "partenariats"
        avant = _donnees_d_avant(anciennes)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    avaq = Organisation.objects.get(pk=avant["avaq"])
    assert (avaq.nom, avaq.sigle) == ("A.V.A.Q.B-C", "AVAQ")
    assert [h.nom for h in avaq.history.all()] == ["A.V.A.Q.B-C"]
    lieu = Lieu.objects.get(pk=avant["lieu"])
    assert lieu.organisation_id == avant["ville"]
    assert Passage.objects.get().partenaire == avaq
    noel = Fermeture.objects.get(pk=avant["noel"])
    assert (noel.lieu, noel.motif, noel.fin) == (lieu, "Noël", dt.date(2025, 12, 26))
    assert [h.motif for h in noel.history.all()] == ["Noël"]
    assert VersionCreneaux.objects.get().valeur == 424242

    # The content types moved with the models: the same rows, so the role keeps its rights.
    assert (
        ContentType.objects.get_for_model(Organisation).pk
        == (avant["types"][("partenariats", "organisation")])
        == type_organisation
    )
    assert (
        ContentType.objects.get_for_model(Fermeture).pk
        == (avant["types"][("permanences", "fermeture")])
    )
    assert not ContentType.objects.filter(
        app_label__in=["partenariats", "permanences"],
        model__in=["organisation", "historicalorganisation", "fermeture", "versioncreneaux"],
    ).exists()
    agent = Utilisateur.objects.get(username="agent")
    assert agent.organisation == avaq
    assert agent.has_perm("ruche.change_organisation")
    assert agent.has_perm("ruche.change_fermeture")
    assert set(
        Group.objects.get(name="Accueil").permissions.values_list(
            "content_type__app_label", "codename"
        )
    ) == {("ruche", "change_organisation"), ("ruche", "change_fermeture")}
