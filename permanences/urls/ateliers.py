"""The public workshop pages and the registration held by its secret link; the
volunteers' workshop pages (who registered, who came)."""

from django.urls import path

from permanences.views import ateliers, espace_ateliers

# The pages a place also has under its slug when there are several (ruche/urls.py).
pages_du_lieu = [
    path("ateliers/", ateliers.ateliers, name="ateliers"),
    path("ateliers/<int:pk>/", ateliers.atelier, name="atelier"),
]

urlpatterns = [
    *pages_du_lieu,
    path("ateliers/inscription/<str:secret>/", ateliers.inscription, name="inscription"),
    path(
        "ateliers/inscription/<str:secret>/annuler/",
        ateliers.annuler_inscription_view,
        name="annuler_inscription",
    ),
    path("espace/ateliers/", espace_ateliers.AteliersEspaceView.as_view(), name="espace_ateliers"),
    path(
        "espace/ateliers/<int:pk>/",
        espace_ateliers.AtelierEspaceView.as_view(),
        name="espace_atelier",
    ),
    path(
        "espace/ateliers/inscriptions/<int:pk>/presence/",
        espace_ateliers.PresenceAtelierView.as_view(),
        name="espace_presence_atelier",
    ),
]
