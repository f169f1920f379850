from django.urls import path

from partenariats import views
from partenariats.views.fin import FinView
from partenariats.views.manquements import LettreManquementView, ReceptionView, RemedeView

app_name = "partenariats"

urlpatterns = [
    path("conventions/", views.ConventionListView.as_view(), name="liste"),
    path("conventions/<int:pk>/", views.ConventionDetailView.as_view(), name="detail"),
    path("conventions/<int:pk>/pdf/", views.ConventionPdfView.as_view(), name="pdf"),
    path(
        "conventions/<int:pk>/avenants/<int:numero>/pdf/",
        views.AvenantPdfView.as_view(),
        name="avenant_pdf",
    ),
    path(
        "conventions/<int:pk>/comites/nouveau/",
        views.ComiteCreateView.as_view(),
        name="comite_nouveau",
    ),
    path(
        "conventions/<int:pk>/avenants/nouveau/",
        views.AvenantCreateView.as_view(),
        name="avenant_nouveau",
    ),
    path(
        "conventions/<int:pk>/manquements/nouveau/",
        views.ManquementCreateView.as_view(),
        name="manquement_nouveau",
    ),
    path("conventions/<int:pk>/fin/", FinView.as_view(), name="fin"),
    path(
        "conventions/<int:pk>/manquements/<int:manquement>/lettre.pdf",
        LettreManquementView.as_view(),
        name="manquement_lettre",
    ),
    path(
        "conventions/<int:pk>/manquements/<int:manquement>/reception/",
        ReceptionView.as_view(),
        name="manquement_reception",
    ),
    path(
        "conventions/<int:pk>/manquements/<int:manquement>/reparation/",
        RemedeView.as_view(),
        name="manquement_remede",
    ),
    path("conventions/<int:pk>/original-signe/", views.ScanUpdateView.as_view(), name="scan"),
    path(
        "conventions/<int:pk>/original-signe/fichier/",
        views.ScanFichierView.as_view(),
        name="scan_fichier",
    ),
    path(
        "conventions/<int:pk>/documents/<int:document>/fichier/",
        views.DocumentFichierView.as_view(),
        name="document_fichier",
    ),
    path("organisations/<int:pk>/logo/", views.LogoView.as_view(), name="logo"),
    path(
        "conventions/<int:pk>/documents/nouveau/",
        views.DocumentCreateView.as_view(),
        name="document_nouveau",
    ),
    path(
        "conventions/<int:pk>/documents/<int:document>/visa/",
        views.VisaCreateView.as_view(),
        name="visa_nouveau",
    ),
]
