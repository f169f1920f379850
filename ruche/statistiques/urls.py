from django.urls import path

from ruche.statistiques import views

app_name = "statistiques"

urlpatterns = [
    path("", views.TableauDeBordView.as_view(), name="tableau_de_bord"),
    path("<int:annee>/rapport.pdf", views.RapportView.as_view(), name="rapport"),
    path("export/<slug:cle>.csv", views.ExportView.as_view(), {"format": "csv"}, name="csv"),
    path("export/<slug:cle>.xlsx", views.ExportView.as_view(), {"format": "xlsx"}, name="xlsx"),
    path(
        "reseau/<slug:fichier>.csv",
        views.ReseauExportView.as_view(),
        {"format": "csv"},
        name="reseau_csv",
    ),
    path(
        "reseau/<slug:fichier>.xlsx",
        views.ReseauExportView.as_view(),
        {"format": "xlsx"},
        name="reseau_xlsx",
    ),
]
