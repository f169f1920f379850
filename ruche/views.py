from django.conf import settings
from django.shortcuts import render
from django.views.generic import TemplateView


class AccueilView(TemplateView):
    template_name = "ruche/accueil.html"


class AccessibiliteView(TemplateView):
    template_name = "ruche/accessibilite.html"


class DonneesPersonnellesView(TemplateView):
    template_name = "ruche/donnees_personnelles.html"
    extra_context = {"retention_months": settings.RETENTION_MONTHS}


def csrf_failure(request, reason=""):
    """A French page instead of Django's technical one when a form has expired."""
    return render(request, "403_csrf.html", status=403)
