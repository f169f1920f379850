from django.urls import path

from permanences import (
    converters,  # noqa: F401 - registers <jour_iso:...>
    views_ateliers,
    views_espace_rdv,
    views_rendezvous,
)

urlpatterns = [
    path("rendez-vous/", views_rendezvous.demarches, name="demarches"),
    path("rendez-vous/<str:cle>/", views_rendezvous.demarche_ou_rendez_vous, name="demarche"),
    # The same address holds a booking for whoever has its secret link.
    path("rendez-vous/<str:cle>/", views_rendezvous.demarche_ou_rendez_vous, name="rendez_vous"),
    path(
        "rendez-vous/<str:slug>/reserver/", views_rendezvous.reserver, name="reserver_rendez_vous"
    ),
    path("rendez-vous/<str:secret>/changer/", views_rendezvous.deplacer, name="deplacer"),
    path("rendez-vous/<str:secret>/annuler/", views_rendezvous.annuler, name="annuler_rendez_vous"),
    path("rendez-vous/<str:secret>/agenda.ics", views_rendezvous.agenda, name="agenda_rendez_vous"),
    path("ateliers/", views_ateliers.ateliers, name="ateliers"),
    path("ateliers/<int:pk>/", views_ateliers.atelier, name="atelier"),
    path("ateliers/inscription/<str:secret>/", views_ateliers.inscription, name="inscription"),
    path(
        "ateliers/inscription/<str:secret>/annuler/",
        views_ateliers.annuler_inscription_view,
        name="annuler_inscription",
    ),
    path(
        "espace/rendez-vous/",
        views_espace_rdv.RendezVousDuJourView.as_view(),
        name="espace_rendez_vous_aujourdhui",
    ),
    path(
        "espace/rendez-vous/nouveau/",
        views_espace_rdv.NouveauRendezVousView.as_view(),
        name="espace_rendez_vous_nouveau",
    ),
    path(
        "espace/rendez-vous/<jour_iso:jour>/",
        views_espace_rdv.RendezVousDuJourView.as_view(),
        name="espace_rendez_vous_jour",
    ),
    path(
        "espace/rendez-vous/fiche/<int:pk>/",
        views_espace_rdv.RendezVousDetailView.as_view(),
        name="espace_rendez_vous",
    ),
    path(
        "espace/rendez-vous/fiche/<int:pk>/presence/",
        views_espace_rdv.PresenceView.as_view(),
        name="espace_presence",
    ),
]
