from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ruche.roles import PERSONNEL, ROLES

# The apps whose models the Ruche staff manage in the admin: the ground floor's, and those
# of each app above it that says so from its AppConfig.ready() (`confier_au_personnel`).
STAFF_APPS = {"ruche"}


def confier_au_personnel(label):
    """The staff role gets every permission on the models of the app `label`."""
    STAFF_APPS.add(label)


def grant_staff_permissions(sender, using="default", **kwargs):
    """Give the staff role every permission on the project's own models.

    Permissions only exist once post_migrate has created them, so a data migration cannot.
    The groups are ensured here too, as a flushed test database loses them.
    """
    # Models cannot be imported when this module loads, before the app registry is ready.
    from django.contrib.auth.models import Group, Permission

    for name in ROLES:
        Group.objects.using(using).get_or_create(name=name)
    group = Group.objects.using(using).get(name=PERSONNEL)
    perms = Permission.objects.using(using).filter(content_type__app_label__in=STAFF_APPS)
    group.permissions.add(*perms)


def catalogue_france_services(sender, using="default", apps=None, **kwargs):
    """The programme's operators and themes when the table is empty: the migration creates
    them, but a flushed database (a test that commits, `manage.py flush`) loses them, and a
    visitor log without operators cannot record a France Services visit."""
    import importlib

    from django.apps import apps as registre

    if sender.name != "ruche":
        return
    Operateur = registre.get_model("ruche", "Operateur")
    if Operateur.objects.using(using).exists():
        return
    migration = importlib.import_module("ruche.migrations.0017_operateurs_et_themes")
    migration.creer(registre, None)


class RucheConfig(AppConfig):
    name = "ruche"
    verbose_name = _("La Ruche numérique")

    def ready(self):
        post_migrate.connect(grant_staff_permissions, dispatch_uid="ruche_staff_permissions")
        post_migrate.connect(catalogue_france_services, dispatch_uid="ruche_france_services")
        from django.contrib.auth.signals import user_login_failed

        from ruche.code_connexion import noter_echec

        user_login_failed.connect(noter_echec, dispatch_uid="ruche_plafond_connexion")
        from django.contrib.auth.models import Group

        # The day board's own alert (stuck mail); other apps register theirs.
        from ruche import alertes
        from ruche.comptes import COMPTES
        from ruche.donnees_ouvertes import manquants  # noqa: F401  (its day board alert)
        from ruche.donnees_ouvertes.receivers import connecter
        from ruche.models import (
            AuditAccessibilite,
            Fermeture,
            HoraireOuverture,
            Lieu,
            Operateur,
            Organisation,
            Passage,
            PlanAccessibilite,
            ThemeOperateur,
            TotalHistorique,
            Utilisateur,
        )
        from ruche.portees import reseau, suivre_public
        from ruche.portees_personnel import PASSAGES, suivre_personnel
        from ruche.statistiques.portees import HISTORIQUES
        from ruche.versions import ESPACE, VISITEURS, suivre

        connecter()
        alertes.suivre_envois_echoues()
        # The visitor figures the statistics and the day board show, the places with their
        # hours and closures, the organisations, and the accounts (their roles and
        # organisation decide what each sees); see ruche.versions.
        suivre(Utilisateur, Lieu, HoraireOuverture, Fermeture, Organisation)
        # The visitor log has its own (the statistics' visitor tables): a visit typed keeps
        # the statistics' other sections.
        suivre(Passage, TotalHistorique, nom=VISITEURS)
        # The France Services operators and themes name the visitor figures' rows and the
        # visitor log's choices: a superuser's rename shows at once (rare writes).
        suivre(Operateur, ThemeOperateur)
        suivre(Operateur, ThemeOperateur, nom=VISITEURS)
        suivre(Operateur, ThemeOperateur, nom=ESPACE)
        # The accessibility statement and the status every footer shows.
        suivre(AuditAccessibilite, PlanAccessibilite)
        # A group deleted takes its members' role with it without a signal on the members.
        suivre(Group)
        # The accounts kept per process (ruche.comptes): their roles, places, organisation.
        suivre(Utilisateur, Group, Lieu, Organisation, nom=COMPTES)
        # The staff's and volunteers' pages (ruche.portees_personnel): a visit typed renews
        # its place's visitor counters only; names, places, closures every page.
        suivre(Utilisateur, Group, Lieu, HoraireOuverture, Fermeture, Organisation, nom=ESPACE)
        suivre(AuditAccessibilite, PlanAccessibilite, nom=ESPACE)
        # The historic totals, which the statistics' visitor tables read under their own
        # version (rare writes; ruche.statistiques.portees).
        suivre(TotalHistorique, nom=HISTORIQUES)
        suivre_personnel(
            Passage, PASSAGES, lambda passage: ([passage.lieu_id], []), champs=["lieu"]
        )
        # What every public page of the network may show (ruche.portees): the places, their
        # hours and closures (the list of places says which are closed today), the
        # organisations and their logos, the accessibility status every footer gives.
        for modele in (
            Lieu,
            HoraireOuverture,
            Fermeture,
            Organisation,
            AuditAccessibilite,
            PlanAccessibilite,
        ):
            suivre_public(modele, reseau)
