"""The admin of the permanences, a module per topic; importing them registers them."""

from permanences.admin import calendrier, rendezvous  # noqa: F401
