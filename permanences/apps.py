from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "permanences"
    verbose_name = _("Permanences, salles et rendez-vous")

    def ready(self):
        from permanences import receivers  # noqa: F401 - connects the signal receivers
