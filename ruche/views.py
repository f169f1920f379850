import base64
import binascii
import hmac

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from ruche import accessibilite
from ruche.connexion import autres_connexions
from ruche.forms.lieux import CodePostalForm
from ruche.lieux_publics import au_lieu, cle_code_postal, lieux_publics
from ruche.limites import compter, empreinte
from ruche.registres import PARTENAIRES_DU_LIEU
from ruche.reseau import cle_adresse
from ruche.roles import page_de_depart
from ruche.services.sms import RapportIllisible, lire_rapport, noter_rapport_sms
from ruche.services.taches import etat_file
from ruche.sms import get_backend


@au_lieu
def accueil(request, lieu):
    """The place's home page; with several places and none in the address, the list of
    places, the nearest first when the resident gives a postcode."""
    if lieu is not None:
        if not lieu.plusieurs:
            return render(request, "ruche/accueil.html")
        # One place of several: its own partners, not the first place's association.
        partenaires = PARTENAIRES_DU_LIEU(lieu, timezone.localdate())
        return render(request, "ruche/accueil.html", {"partenaires": partenaires})
    form = CodePostalForm(request.GET if "code_postal" in request.GET else None)
    lieux = lieux_publics(request.version_creneaux)
    if form.is_valid() and form.cleaned_data["code_postal"]:
        lieux = sorted(lieux, key=cle_code_postal(form.cleaned_data["code_postal"]))
    return render(request, "ruche/lieux.html", {"lieux": lieux, "form": form})


class AccessibiliteView(TemplateView):
    """The accessibility statement, after the RGAA's model: its status follows the latest
    audit staff recorded (ruche.accessibilite)."""

    template_name = "ruche/accessibilite.html"

    def get_context_data(self, **kwargs):
        declaration = accessibilite.declaration()
        audit = declaration["audit"]
        mise_a_jour = accessibilite.MISE_A_JOUR_LE
        if audit is not None:
            mise_a_jour = max(mise_a_jour, timezone.localdate(audit.enregistre_le))
        return super().get_context_data(
            **declaration,
            **kwargs,
            etablie_le=accessibilite.ETABLIE_LE,
            mise_a_jour_le=mise_a_jour,
            axe_core=accessibilite.AXE_CORE,
            playwright=accessibilite.PLAYWRIGHT,
            courriel=settings.RUCHE_STAFF_EMAIL,
            adresse_defenseur=accessibilite.ADRESSE_DEFENSEUR,
            site=settings.SITE_URL,
        )


class DonneesPersonnellesView(TemplateView):
    template_name = "ruche/donnees_personnelles.html"
    extra_context = {"retention_months": settings.RETENTION_MONTHS}


class ConnexionView(auth_views.LoginView):
    """After login each role lands on its own start page, unless a `next` page was asked."""

    def get_default_redirect_url(self):
        return resolve_url(page_de_depart(self.request.user))

    def get_context_data(self, **kwargs):
        # Other ways to log in (ProConnect…), registered by the apps above (ruche.connexion).
        return super().get_context_data(**kwargs, autres_connexions=autres_connexions(self.request))


def csrf_failure(request, reason=""):
    """A French page instead of Django's technical one when a form has expired."""
    return render(request, "403_csrf.html", status=403)


@never_cache
@require_safe
def sante(request):
    """For the proxy or the monitor: 200 when all is well, else 503. No login, no personal data.

    Checks that the database answers, that a task worker beat recently, and that no task has
    waited too long after it was due (a stuck queue).
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A locked database must not hold the monitor: it is an answer too.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = 3000")
            etat = etat_file()
    except DatabaseError:
        return JsonResponse({"statut": "en panne", "base_de_donnees": "injoignable"}, status=503)

    travailleur, file = (
        {"dernier_signe_secondes": etat["pouls_secondes"]},
        {"attente_secondes": etat["attente_secondes"]},
    )
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        travailleur["statut"] = "sans objet"  # tasks run inside the web process
    elif etat["pouls_secondes"] is None:
        travailleur["statut"] = "absent"
    elif etat["pouls_secondes"] > settings.TACHES_TRAVAILLEUR_PERDU_SECONDES:
        travailleur["statut"] = "silencieux"
    else:
        travailleur["statut"] = "ok"
    file["statut"] = (
        "bloquee" if etat["attente_secondes"] > settings.SANTE_ATTENTE_MAX_SECONDES else "ok"
    )
    bien = travailleur["statut"] in ("ok", "sans objet") and file["statut"] == "ok"
    return JsonResponse(
        {
            "statut": "ok" if bien else "en panne",
            "base_de_donnees": "ok",
            "travailleur": travailleur,
            "file": file,
        },
        status=200 if bien else 503,
    )


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


def _secret_donne(request):
    """The secret the request carries: a Bearer token, or the password of HTTP Basic."""
    genre, _espace, valeur = request.headers.get("Authorization", "").partition(" ")
    if genre.lower() == "bearer":
        return valeur.strip()
    if genre.lower() == "basic":
        try:
            return base64.b64decode(valeur.strip(), validate=True).decode().partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return ""


@csrf_exempt
@never_cache
@require_POST
def rapport_sms(request):
    """The SMS provider reports what became of messages (ruche.services.sms)."""
    jeton = settings.SMS_RAPPORTS_JETON
    if not jeton:
        raise Http404
    if not hmac.compare_digest(_secret_donne(request).encode(), jeton.encode()):
        refus = HttpResponse("authentification requise", status=401)
        refus["WWW-Authenticate"] = 'Basic realm="sms"'
        return refus
    # A provider's own form of report is read by its backend, when it knows it.
    lire = getattr(get_backend(), "lire_rapport", lire_rapport)
    try:
        rapports = lire(request)
    except RapportIllisible as exc:
        return HttpResponse(str(exc), status=400)
    for rapport in rapports:
        noter_rapport_sms(rapport=rapport)
    return HttpResponse("ok")
