from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartenariatsConfig(AppConfig):
    name = "partenariats"
    verbose_name = _("Partenariats et conventions")
