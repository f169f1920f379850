from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = _("Partenariats et conventions")

    def ready(self):
        # Registers the state of the convention in the Ruche's statistics, and the
        # conventions' alerts on the staff's day board.
        from partenariats import alertes, statistiques  # noqa: F401
