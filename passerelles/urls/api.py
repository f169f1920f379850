from django.urls import path

from passerelles.views import documentation
from passerelles.views.api import api

app_name = "passerelles"

urlpatterns = [
    path("", documentation.documentation, name="documentation"),
    path("openapi.json", documentation.openapi, name="openapi"),
    path("v1/", api.urls),
]
