from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "permanences"
    verbose_name = _("Permanences, salles et rendez-vous")

    def ready(self):
        # Connects the slots' cache versions; registers the statistics' sources and sections.
        from permanences import engagements, receivers, statistiques  # noqa: F401
