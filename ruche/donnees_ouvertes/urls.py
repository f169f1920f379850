from django.urls import path

from ruche.donnees_ouvertes import views

urlpatterns = [
    path("lieux.csv", views.lieux_csv, name="donnees_lieux_csv"),
    path("lieux.json", views.lieux_json, name="donnees_lieux_json"),
    # data·inclusion: every place, every service, and each place with its services.
    path(
        "data-inclusion/structures.json",
        views.data_inclusion_structures,
        name="data_inclusion_structures",
    ),
    path(
        "data-inclusion/services.json",
        views.data_inclusion_services,
        name="data_inclusion_services",
    ),
    path(
        "data-inclusion/lieux/<int:pk>.json",
        views.data_inclusion_lieu,
        name="data_inclusion_lieu",
    ),
]
