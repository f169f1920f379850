"""The API's OpenAPI document and its browsable page."""

from functools import cache

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from passerelles.views.api import api

METHODES = ("get", "post", "put", "patch", "delete")


@cache
def document_openapi():
    """The OpenAPI 3 document, generated from the code once per process."""
    # The API's URLs sit inside the `passerelles` namespace: its root is given, not reversed.
    return api.get_openapi_schema(path_prefix=reverse("passerelles:documentation") + "v1/")


@require_safe
def openapi(request):
    reponse = JsonResponse(document_openapi(), json_dumps_params={"ensure_ascii": False})
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


@require_safe
def documentation(request):
    """Every operation listed (the page works without JavaScript), Swagger UI over it."""
    document = document_openapi()
    operations = [
        {
            "methode": methode.upper(),
            "chemin": chemin,
            "resume": operation.get("summary", ""),
            "cle": bool(operation.get("security")),
        }
        for chemin, methodes in document["paths"].items()
        for methode, operation in methodes.items()
        if methode in METHODES
    ]
    return render(
        request,
        "passerelles/documentation.html",
        {"operations": operations, "version": document["info"]["version"]},
    )
