from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ruche.limites import compter, empreinte
from ruche.reseau import cle_adresse


class AccueilView(TemplateView):
    template_name = "ruche/accueil.html"


class AccessibiliteView(TemplateView):
    template_name = "ruche/accessibilite.html"


class DonneesPersonnellesView(TemplateView):
    template_name = "ruche/donnees_personnelles.html"
    extra_context = {"retention_months": settings.RETENTION_MONTHS}


def csrf_failure(request, reason=""):
    """A French page instead of Django's technical one when a form has expired."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)


MESSAGE_MOT_DE_PASSE_ADRESSE = _(
    "Trop de demandes depuis votre connexion. Réessayez dans une heure."
)
MESSAGE_MOT_DE_PASSE_COMPTE = _(
    "Trop de demandes pour cette adresse e-mail. Réessayez dans une heure, "
    "et regardez aussi dans vos courriers indésirables."
)
HEURE = 3600


class DemandeMotDePasseView(auth_views.PasswordResetView):
    """The reset request, limited per address and per account (the e-mail typed, whether
    an account has it or not, so the answer tells nothing). A refusal keeps what was typed."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        refus = None
        cle_ip = f"mot_de_passe:ip:{cle_adresse(request)}"
        if compter(cle_ip, secondes=HEURE) > settings.LIMITE_MOT_DE_PASSE_PAR_ADRESSE:
            refus = (None, MESSAGE_MOT_DE_PASSE_ADRESSE)
        elif form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            cle_compte = f"mot_de_passe:compte:{empreinte(email)}"
            if compter(cle_compte, secondes=HEURE) > settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE:
                refus = ("email", MESSAGE_MOT_DE_PASSE_COMPTE)
        if refus is not None:
            form.add_error(*refus)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(HEURE)
            return response
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)
