from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = _("Partenariats et conventions")

    def ready(self):
        # Registers the state of the convention in the Ruche's statistics, and the logos.
        from partenariats import logos, statistiques  # noqa: F401
