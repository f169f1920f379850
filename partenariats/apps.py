from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = _("Partenariats et conventions")

    def ready(self):
        from ruche.apps import confier_au_personnel

        # The Ruche staff manage its models in the admin.
        confier_au_personnel(self.label)
        # Registers the state of the convention in the Ruche's statistics, the conventions'
        # alerts on the staff's day board, the partners' logos, and where an organisation
        # holds conventions and who a place's partners are (ruche.registres).
        from partenariats import alertes, logos, registres, statistiques  # noqa: F401
        from ruche.comptes import COMPTES
        from ruche.portees import reseau, suivre_public
        from ruche.versions import ESPACE, suivre

        # The conventions and their life feed the statistics and the day board's alerts,
        # decide what a partner's volunteers see (their accounts) and, for the public pages
        # of the whole network, which partners are shown and offer slots (ruche.portees).
        modeles = [m for m in self.get_models() if not m.__name__.startswith("Historical")]
        suivre(*modeles)
        suivre(*modeles, nom=COMPTES)
        suivre(*modeles, nom=ESPACE)  # the staff's pages (ruche.portees_personnel)
        for modele in modeles:
            suivre_public(modele, reseau)
