"""The public workshop pages and the registration held by its secret link."""

from django.urls import path

from permanences.views import ateliers

urlpatterns = [
    path("ateliers/", ateliers.ateliers, name="ateliers"),
    path("ateliers/<int:pk>/", ateliers.atelier, name="atelier"),
    path("ateliers/inscription/<str:secret>/", ateliers.inscription, name="inscription"),
    path(
        "ateliers/inscription/<str:secret>/annuler/",
        ateliers.annuler_inscription_view,
        name="annuler_inscription",
    ),
]
