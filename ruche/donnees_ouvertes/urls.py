from django.urls import path

from ruche.donnees_ouvertes import views

urlpatterns = [
    path("lieux.csv", views.lieux_csv, name="donnees_lieux_csv"),
    path("lieux.json", views.lieux_json, name="donnees_lieux_json"),
]
