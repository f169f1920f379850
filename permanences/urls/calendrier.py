"""The volunteers' calendar, their room bookings, its printouts and the rooms' occupancy."""

from django.urls import path

from permanences.views import calendrier, documents, journee, reservation, salles

urlpatterns = [
    path("espace/", calendrier.SemaineView.as_view(), name="semaine"),
    path("espace/journee/", journee.JourneeView.as_view(), name="journee"),
    path("espace/mois/", calendrier.MoisView.as_view(), name="mois"),
    path("espace/jour/<jour_iso:jour>/", calendrier.JourView.as_view(), name="jour"),
    path("espace/reserver/", reservation.ReserverView.as_view(), name="reserver"),
    path("espace/seances/<int:pk>/annuler/", reservation.AnnulerView.as_view(), name="annuler"),
    path("espace/seances/<int:pk>/feuille.pdf", documents.FeuilleView.as_view(), name="feuille"),
    path("espace/agenda/", documents.AgendaView.as_view(), name="agenda"),
    path("agenda/<str:cle>.ics", documents.AgendaIcsView.as_view(), name="agenda_ics"),
    path("espace/salles/", salles.OccupationView.as_view(), name="occupation"),
]
