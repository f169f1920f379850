"""The volunteers' calendar, their room bookings, its printouts and the rooms' occupancy."""

from django.urls import path

from permanences.views import calendrier, documents, journee, reservation, salles, semestre

urlpatterns = [
    path("espace/", calendrier.SemaineView.as_view(), name="semaine"),
    path("espace/journee/", journee.JourneeView.as_view(), name="journee"),
    path("espace/mois/", calendrier.MoisView.as_view(), name="mois"),
    path("espace/jour/<jour_iso:jour>/", calendrier.JourView.as_view(), name="jour"),
    path("espace/reserver/", reservation.ReserverView.as_view(), name="reserver"),
    path("espace/occurrences/<int:pk>/annuler/", reservation.AnnulerView.as_view(), name="annuler"),
    path(
        "espace/occurrences/<int:pk>/feuille.pdf", documents.FeuilleView.as_view(), name="feuille"
    ),
    path("espace/agenda/", documents.AgendaView.as_view(), name="agenda"),
    path("agenda/<str:cle>.ics", documents.AgendaIcsView.as_view(), name="agenda_ics"),
    path("espace/salles/", salles.OccupationView.as_view(), name="occupation"),
    path("espace/calendriers/", semestre.CalendriersView.as_view(), name="calendriers"),
    path(
        "espace/calendriers/a-valider/",
        semestre.CalendriersAValiderView.as_view(),
        name="calendriers_a_valider",
    ),
    path(
        "espace/calendriers/<int:pk>/",
        semestre.CalendrierBrouillonView.as_view(),
        name="calendrier_brouillon",
    ),
    path(
        "espace/calendriers/<int:pk>/permanences/<int:permanence_pk>/",
        semestre.PermanenceBrouillonView.as_view(),
        name="permanence_brouillon",
    ),
    path(
        "espace/calendriers/<int:pk>/permanences/<int:permanence_pk>/retirer/",
        semestre.RetirerPermanenceView.as_view(),
        name="retirer_permanence",
    ),
    path(
        "espace/calendriers/<int:pk>/permanences/<int:permanence_pk>/sauter/",
        semestre.SauterDatesView.as_view(),
        name="sauter_dates",
    ),
    path(
        "espace/calendriers/<int:pk>/permanences/<int:permanence_pk>/remettre/",
        semestre.RemettreDateView.as_view(),
        name="remettre_date",
    ),
    path(
        "espace/calendriers/<int:pk>/envoyer/",
        semestre.SoumettreView.as_view(),
        name="soumettre_calendrier",
    ),
    path(
        "espace/calendriers/<int:pk>/valider/",
        semestre.ValiderView.as_view(),
        name="valider_calendrier",
    ),
    path(
        "espace/calendriers/<int:pk>/renvoyer/",
        semestre.RenvoyerView.as_view(),
        name="renvoyer_calendrier",
    ),
]
