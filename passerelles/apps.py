from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def permissions_du_personnel(sender, using="default", **kwargs):
    """The Ruche staff manage keys and webhooks in the admin, as every other model."""
    from django.contrib.auth.models import Group, Permission

    from ruche.roles import PERSONNEL

    groupe = Group.objects.using(using).filter(name=PERSONNEL).first()
    if groupe is not None:
        groupe.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="passerelles")
        )


class PasserellesConfig(AppConfig):
    name = "passerelles"
    verbose_name = _("API, webhooks et ProConnect")

    def ready(self):
        from passerelles.services.evenements import recevoir
        from passerelles.views.proconnect import bouton, sortie
        from ruche.connexion import enregistrer_connexion, enregistrer_sortie
        from ruche.evenements import ECOUTEURS, abonner
        from ruche.versions import suivre

        # Every event of the apps below may become webhook deliveries; a subscription saved
        # or deleted renews the listeners' version (passerelles.services.evenements).
        abonner(recevoir)
        suivre(self.get_model("Abonnement"), nom=ECOUTEURS)
        # The ProConnect button on the login page, when the install configures it.
        enregistrer_connexion(bouton)
        enregistrer_sortie(sortie)
        post_migrate.connect(
            permissions_du_personnel, sender=self, dispatch_uid="passerelles_permissions"
        )
