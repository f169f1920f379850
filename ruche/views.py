import base64
import binascii
import hmac
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, TemplateView
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from ruche import accessibilite
from ruche.code_connexion import code_en_attente, essais_restants, verifier_code
from ruche.connexion import autres_connexions, sortie_externe
from ruche.fichiers import servir
from ruche.forms.comptes import MESSAGE_CODE_PERIME, CodeConnexionForm, code_faux
from ruche.forms.lieux import CodePostalForm
from ruche.lieux_publics import au_lieu, cle_code_postal, lieux_publics
from ruche.limites import compter, empreinte
from ruche.models import Lieu
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
    lieux = lieux_publics()
    if form.is_valid() and form.cleaned_data["code_postal"]:
        lieux = sorted(lieux, key=cle_code_postal(form.cleaned_data["code_postal"]))
    return render(request, "ruche/lieux.html", {"lieux": lieux, "form": form})


@require_safe
def logo_du_lieu(request, slug):
    """A place's logo, its operating organisation's, beside its name on the header of its
    pages when the install has several places: public, as the header is. None: a 404 (the
    header then shows the name alone)."""
    lieu = get_object_or_404(Lieu.objects.select_related("organisation"), slug=slug)
    if not lieu.logo:
        raise Http404
    return servir(lieu.logo, lieu.organisation.logo_type, nom_telechargement=f"logo-{lieu.slug}")


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
    """After login each role lands on its own start page, unless a `next` page was asked.
    Past the ceiling of failures for the account, the code page follows the password."""

    def get_default_redirect_url(self):
        return resolve_url(page_de_depart(self.request.user))

    def get_context_data(self, **kwargs):
        # Other ways to log in (ProConnect…), registered by the apps above (ruche.connexion).
        return super().get_context_data(**kwargs, autres_connexions=autres_connexions(self.request))

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "code_requis"):
            cible = reverse("connexion_code")
            if suivante := self.get_redirect_url():
                cible += f"?{urlencode({'next': suivante})}"
            return HttpResponseRedirect(cible)
        return super().form_invalid(form)


class CodeConnexionView(auth_views.RedirectURLMixin, FormView):
    """The code mailed to the account when its ceiling of failed logins is reached; right,
    it logs the person in."""

    form_class = CodeConnexionForm
    template_name = "registration/code_connexion.html"

    def dispatch(self, request, *args, **kwargs):
        if code_en_attente(request) is None:
            messages.error(request, MESSAGE_CODE_PERIME)
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        compte = verifier_code(self.request, form.cleaned_data["code"])
        if compte is None:
            if code_en_attente(self.request) is None:
                messages.error(self.request, MESSAGE_CODE_PERIME)
                return redirect("login")
            form.add_error("code", code_faux(essais_restants(self.request)))
            return self.form_invalid(form)
        login(self.request, compte, backend="ruche.comptes.ComptesBackend")
        return HttpResponseRedirect(self.get_success_url())

    def get_default_redirect_url(self):
        return resolve_url(page_de_depart(self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.get_redirect_url())


def csrf_failure(request, reason=""):
    """A French page instead of Django's technical one when a form has expired."""
    return render(request, "403_csrf.html", status=403)


def _etat_travailleur(etat):
    """The workers' state on the health page, and the reason when it is not ok."""
    travailleur = {"dernier_signe_secondes": etat["pouls_secondes"]}
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        travailleur["statut"] = "sans objet"  # tasks run inside the web process
        return travailleur, None
    if etat["travailleurs_vivants"]:
        travailleur["statut"] = "ok"
        return travailleur, None
    if etat["pouls_secondes"] is not None:
        travailleur["statut"] = "silencieux"
        return travailleur, (
            f"Le processus de la file (db_worker) ne donne plus signe de vie depuis "
            f"{etat['pouls_secondes']} s."
        )
    if etat["travailleurs_morts"]:
        travailleur["statut"] = "arrêté"
        pids = ", ".join(str(pid) for pid in etat["travailleurs_morts"])
        return travailleur, (
            f"Le processus de la file (db_worker) s'est arrêté : processus {pids} disparu."
        )
    travailleur["statut"] = "absent"
    return travailleur, "Aucun processus de la file (db_worker) ne tourne."


def _etat_file(etat):
    """The queue's state on the health page: a due task waiting, a send that hangs, attempts
    that fail with nothing sent since; the reasons, worst first."""
    file = {
        "attente_secondes": etat["attente_secondes"],
        "envoi_en_cours_secondes": etat["en_cours_secondes"],
        "echecs_depuis_secondes": etat["echecs_depuis_secondes"],
        "tentatives_echouees": etat["echecs"],
    }
    raisons, statuts = [], []
    if etat["attente_secondes"] > settings.SANTE_ATTENTE_MAX_SECONDES:
        statuts.append("bloquee")
        raisons.append(f"Un envoi attend depuis {etat['attente_secondes']} s après son heure.")
    limite = settings.SANTE_ENVOIS_MAX_SECONDES
    if (etat["en_cours_secondes"] or 0) > limite:
        statuts.append("envoi bloque")
        raisons.append(
            f"Un envoi est en cours depuis {etat['en_cours_secondes']} s : le serveur de "
            "courriel ou de SMS ne répond pas."
        )
    if (etat["echecs_depuis_secondes"] or 0) > limite:
        statuts.append("en echec")
        raisons.append(
            f"Les envois échouent depuis {etat['echecs_depuis_secondes']} s "
            f"({etat['echecs']} tentatives, aucun envoi réussi depuis)."
        )
    file["statut"] = statuts[0] if statuts else "ok"
    return file, raisons


@never_cache
@require_safe
def sante(request):
    """For the proxy or the monitor: 200 when all is well, else 503 with the reasons in
    French. No login, no personal data.

    Checks that the database answers, that a task worker lives (a process of this machine
    killed counts at once, one elsewhere after two missed beats), and that the queue drains:
    no task waits too long after it was due, no send hangs, attempts do not keep failing.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A locked database must not hold the monitor: it is an answer too.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = 3000")
            etat = etat_file()
    except DatabaseError:
        return JsonResponse(
            {
                "statut": "en panne",
                "raisons": ["La base de données ne répond pas."],
                "base_de_donnees": "injoignable",
            },
            status=503,
        )

    travailleur, raison = _etat_travailleur(etat)
    file, raisons = _etat_file(etat)
    raisons = [raison, *raisons] if raison else raisons
    return JsonResponse(
        {
            "statut": "en panne" if raisons else "ok",
            "raisons": raisons,
            "base_de_donnees": "ok",
            "travailleur": travailleur,
            "file": file,
        },
        status=503 if raisons else 200,
    )


MESSAGE_MOT_DE_PASSE_ADRESSE = _(
    "Trop de demandes depuis votre connexion. Réessayez dans une heure."
)
HEURE = 3600


class DemandeMotDePasseView(auth_views.PasswordResetView):
    """The reset request, limited per address (a refusal keeps what was typed) and per
    account: past LIMITE_MOT_DE_PASSE_PAR_COMPTE mails in the hour for one e-mail (whether an
    account has it or not), the answer is the same but no more mail leaves.

    The per-account limit never refuses: a stranger asking again and again for someone's
    e-mail would otherwise keep its owner from asking. Every mail already sent holds a link
    that works (until it is used or the password changes), so the owner is never without one,
    and the mailbox gets a few mails an hour at most.
    """

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        cle_ip = f"mot_de_passe:ip:{cle_adresse(request)}"
        if compter(cle_ip, secondes=HEURE) > settings.LIMITE_MOT_DE_PASSE_PAR_ADRESSE:
            form.add_error(None, MESSAGE_MOT_DE_PASSE_ADRESSE)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(HEURE)
            return response
        if not form.is_valid():
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        cle_compte = f"mot_de_passe:compte:{empreinte(email)}"
        if compter(cle_compte, secondes=HEURE) > settings.LIMITE_MOT_DE_PASSE_PAR_COMPTE:
            return HttpResponseRedirect(self.get_success_url())
        return self.form_valid(form)


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


class DeconnexionView(auth_views.LogoutView):
    """Logs out here, then, for a login made with ProConnect, at the provider too: otherwise
    the next person on a shared computer would be let in by the button without a password."""

    def post(self, request, *args, **kwargs):
        ailleurs = sortie_externe(request)
        reponse = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(ailleurs) if ailleurs else reponse
