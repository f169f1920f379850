from django.urls import path

from partenariats.views import (
    comite,
    communication,
    conventions,
    fichiers,
    formulaires,
    logos,
    rencontres,
)
from partenariats.views.fin import FinView
from partenariats.views.manquements import (
    LettreManquementView,
    ManquementCreateView,
    ManquementDeLaRucheView,
    ReceptionView,
    RemedeView,
)
from partenariats.views.organisations import LogoUpdateView, OrganisationListView

app_name = "partenariats"

urlpatterns = [
    path("conventions/", conventions.ConventionListView.as_view(), name="liste"),
    path("conventions/<int:pk>/", conventions.ConventionDetailView.as_view(), name="detail"),
    path("conventions/<int:pk>/pdf/", conventions.ConventionPdfView.as_view(), name="pdf"),
    path(
        "conventions/<int:pk>/avenants/<int:numero>/pdf/",
        conventions.AvenantPdfView.as_view(),
        name="avenant_pdf",
    ),
    path(
        "conventions/<int:pk>/comites/nouveau/",
        comite.ComiteCreateView.as_view(),
        name="comite_nouveau",
    ),
    path(
        "conventions/<int:pk>/comites/<int:comite>/compte-rendu/",
        comite.CompteRenduView.as_view(),
        name="comite_compte_rendu",
    ),
    path(
        "conventions/<int:pk>/comites/<int:comite>/accord/",
        comite.AccordView.as_view(),
        name="comite_accord",
    ),
    path(
        "conventions/<int:pk>/comites/<int:comite>/compte-rendu/signe/",
        comite.CompteRenduFichierView.as_view(),
        name="comite_compte_rendu_fichier",
    ),
    path(
        "conventions/<int:pk>/comites/<int:comite>/compte-rendu.pdf",
        comite.CompteRenduPdfView.as_view(),
        name="comite_compte_rendu_pdf",
    ),
    path(
        "conventions/<int:pk>/comites/non-tenu/<str:fin>/",
        comite.ComiteNonTenuView.as_view(),
        name="comite_non_tenu",
    ),
    path(
        "conventions/<int:pk>/avenants/nouveau/",
        formulaires.AvenantCreateView.as_view(),
        name="avenant_nouveau",
    ),
    path(
        "conventions/<int:pk>/manquements/nouveau/",
        ManquementCreateView.as_view(),
        name="manquement_nouveau",
    ),
    path(
        "conventions/<int:pk>/manquements/de-la-ruche/",
        ManquementDeLaRucheView.as_view(),
        name="manquement_de_la_ruche",
    ),
    path("conventions/<int:pk>/fin/", FinView.as_view(), name="fin"),
    path(
        "conventions/<int:pk>/rencontres/nouvelle/",
        rencontres.RencontreCreateView.as_view(),
        name="rencontre_nouvelle",
    ),
    path(
        "conventions/<int:pk>/bilan/<int:annee>/",
        rencontres.BilanView.as_view(),
        name="bilan",
    ),
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
    path("conventions/<int:pk>/original-signe/", formulaires.ScanUpdateView.as_view(), name="scan"),
    path(
        "conventions/<int:pk>/original-signe/fichier/",
        fichiers.ScanFichierView.as_view(),
        name="scan_fichier",
    ),
    path(
        "conventions/<int:pk>/documents/<int:document>/fichier/",
        fichiers.DocumentFichierView.as_view(),
        name="document_fichier",
    ),
    path("organisations/", OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>/logo/", logos.LogoView.as_view(), name="logo"),
    path(
        "organisations/<int:pk>/logo/modifier/",
        LogoUpdateView.as_view(),
        name="logo_modifier",
    ),
    path(
        "logos/entete/<str:place>/",
        logos.LogoEnteteView.as_view(),
        name="logo_entete",
    ),
    path("communication/", communication.DocumentListView.as_view(), name="communication"),
    path(
        "communication/nouveau/",
        communication.DocumentDeposerView.as_view(),
        name="communication_deposer",
    ),
    path(
        "communication/<int:document>/viser/",
        communication.ViserView.as_view(),
        name="communication_viser",
    ),
    path(
        "communication/<int:document>/publier/",
        communication.PublierView.as_view(),
        name="communication_publier",
    ),
    path(
        "communication/<int:document>/fichier/",
        communication.FichierView.as_view(),
        name="communication_fichier",
    ),
    path(
        "conventions/<int:pk>/documents/nouveau/",
        formulaires.DocumentCreateView.as_view(),
        name="document_nouveau",
    ),
]
