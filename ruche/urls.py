from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from permanences.urls import ateliers as urls_ateliers
from permanences.urls import rendezvous as urls_rendezvous
from ruche import views
from ruche.forms.comptes import ConnexionForm, MotDePasseOublieForm
from ruche.langues import choisir_langue

admin.site.site_header = _("La Ruche numérique — administration")
admin.site.site_title = _("Ruche")
admin.site.index_title = _("Gestion")

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("sms/rapports/", views.rapport_sms, name="rapport_sms"),
    path("langue/<str:code>/", choisir_langue, name="choisir_langue"),
    path("accessibilite/", views.AccessibiliteView.as_view(), name="accessibilite"),
    path("logos/lieu/<slug:slug>/", views.logo_du_lieu, name="logo_du_lieu"),
    path(
        "donnees-personnelles/",
        views.DonneesPersonnellesView.as_view(),
        name="donnees_personnelles",
    ),
    path("connexion/", views.ConnexionView.as_view(form_class=ConnexionForm), name="login"),
    path("connexion/code/", views.CodeConnexionView.as_view(), name="connexion_code"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="logout"),
    path(
        "mot-de-passe/oublie/",
        views.DemandeMotDePasseView.as_view(form_class=MotDePasseOublieForm),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("passages/", include("ruche.passages.urls")),
    path("statistiques/", include("ruche.statistiques.urls")),
    path("donnees/", include("ruche.donnees_ouvertes.urls")),
    path("", include("partenariats.urls")),
    path("", include("permanences.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("passerelles.urls.api")),
    path("connexion/proconnect/", include("passerelles.urls.proconnect")),
]

# With several places, each place's public pages under its slug (ruche.lieux_publics): last,
# so the site's own words come first (a place's slug may not take one of them).
pages_du_lieu = [
    path("", views.accueil, name="accueil"),
    *urls_rendezvous.pages_du_lieu,
    *urls_ateliers.pages_du_lieu,
]
urlpatterns.append(path("<slug:lieu>/", include((pages_du_lieu, "lieu"))))
