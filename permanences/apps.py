from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "permanences"
    verbose_name = _("Permanences, salles et rendez-vous")

    def ready(self):
        # Connects the slots' cache versions; registers the statistics' sources and sections
        # (Article 2 commitments included) and the day board's alerts.
        from permanences import alertes, engagements, receivers, statistiques  # noqa: F401
