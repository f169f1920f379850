"""The permanences' addresses, a module per topic, under one namespace."""

from permanences import converters  # noqa: F401 - registers <jour_iso:...>
from permanences.urls import ateliers, calendrier, rendezvous

app_name = "permanences"

urlpatterns = [*calendrier.urlpatterns, *rendezvous.urlpatterns, *ateliers.urlpatterns]
