from django.urls import path

from passerelles.views import proconnect

app_name = "proconnect"

urlpatterns = [
    path("", proconnect.Demarrer.as_view(), name="demarrer"),
    path("retour/", proconnect.Retour.as_view(), name="retour"),
]
