"""Appointments: the residents' public booking pages and the volunteers' desk."""

from django.urls import path

from permanences.views import espace_rendez_vous, rendezvous

# The pages a place also has under its slug when there are several (ruche/urls.py).
pages_du_lieu = [
    path("rendez-vous/", rendezvous.demarches, name="demarches"),
    # One address for a démarche (by its slug) and a booking (by its secret link).
    path(
        "rendez-vous/<str:cle>/",
        rendezvous.demarche_ou_rendez_vous,
        name="demarche_ou_rendez_vous",
    ),
    path("rendez-vous/<str:slug>/reserver/", rendezvous.reserver, name="reserver_rendez_vous"),
]

urlpatterns = [
    *pages_du_lieu,
    path("rendez-vous/<str:secret>/changer/", rendezvous.deplacer, name="deplacer"),
    path("rendez-vous/<str:secret>/annuler/", rendezvous.annuler, name="annuler_rendez_vous"),
    path("rendez-vous/<str:secret>/agenda.ics", rendezvous.agenda, name="agenda_rendez_vous"),
    path("rendez-vous/<str:secret>/imprimer/", rendezvous.imprimer, name="imprimer_rendez_vous"),
    path("rendez-vous/<str:secret>/plus-tot/", rendezvous.plus_tot, name="plus_tot"),
    path(
        "rendez-vous/<str:secret>/plus-tot/prevenir/",
        rendezvous.prevenir_plus_tot,
        name="prevenir_plus_tot",
    ),
    path(
        "espace/rendez-vous/",
        espace_rendez_vous.RendezVousDuJourView.as_view(),
        name="espace_rendez_vous_aujourdhui",
    ),
    path(
        "espace/rendez-vous/nouveau/",
        espace_rendez_vous.NouveauRendezVousView.as_view(),
        name="espace_rendez_vous_nouveau",
    ),
    path(
        "espace/rendez-vous/<jour_iso:jour>/",
        espace_rendez_vous.RendezVousDuJourView.as_view(),
        name="espace_rendez_vous_jour",
    ),
    path(
        "espace/rendez-vous/fiche/<int:pk>/",
        espace_rendez_vous.RendezVousDetailView.as_view(),
        name="espace_rendez_vous",
    ),
    path(
        "espace/rendez-vous/fiche/<int:pk>/presence/",
        espace_rendez_vous.PresenceView.as_view(),
        name="espace_presence",
    ),
]
