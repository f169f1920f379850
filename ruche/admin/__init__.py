"""The back office of the ground floor, a module per topic (as `permanences/admin/`);
importing them registers them. `perimetre` holds what every app's admin shares: the one
access rule of the site, applied to the back office."""

from ruche.admin import (  # noqa: F401
    accessibilite,
    comptes,
    envois,
    france_services,
    lieux,
    sms,
    tiers,
)
