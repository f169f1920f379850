"""The project's URLs plus /plafond/, the smallest Django view: the load benchmark's ceiling.

Only the benchmark's settings (bench/reglages.py) use this module; the site never serves it.
"""

from django.http import HttpResponse
from django.urls import include, path


def plafond(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("plafond/", plafond),
    path("", include("ruche.urls")),
]
