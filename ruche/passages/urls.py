from django.urls import path

from ruche.passages import views

app_name = "passages"

urlpatterns = [
    path("", views.JournalView.as_view(), name="journal"),
    path("<int:pk>/corriger/", views.CorrigerPassageView.as_view(), name="corriger"),
    path("<int:pk>/supprimer/", views.SupprimerPassageView.as_view(), name="supprimer"),
    path("<int:pk>/mediation/", views.MediationView.as_view(), name="mediation"),
]
