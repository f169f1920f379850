from django.urls import path

from permanences import converters  # noqa: F401 - registers <jour_iso:...>
from permanences.urls_rendezvous import urlpatterns as rendez_vous_urls
from permanences.views import calendrier, documents, personnel, reservation

app_name = "permanences"

urlpatterns = [
    path("espace/", calendrier.SemaineView.as_view(), name="semaine"),
    path("espace/mois/", calendrier.MoisView.as_view(), name="mois"),
    path("espace/jour/<jour_iso:jour>/", calendrier.JourView.as_view(), name="jour"),
    path("espace/reserver/", reservation.ReserverView.as_view(), name="reserver"),
    path("espace/seances/<int:pk>/annuler/", reservation.AnnulerView.as_view(), name="annuler"),
    path("espace/seances/<int:pk>/feuille.pdf", documents.FeuilleView.as_view(), name="feuille"),
    path("espace/agenda/", documents.AgendaView.as_view(), name="agenda"),
    path("agenda/<str:cle>.ics", documents.AgendaIcsView.as_view(), name="agenda_ics"),
    path("espace/salles/", personnel.OccupationView.as_view(), name="occupation"),
    *rendez_vous_urls,
]
