"""Public pages: residents book, see, move and cancel an appointment, without an account."""

import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from permanences.antiabus import Quota, limite_par_adresse
from permanences.creneaux import Creneau, lire_valeur, par_jour
from permanences.forms.rendezvous import (
    MESSAGE_CRENEAU,
    DeplacementForm,
    ReservationForm,
    contact,
)
from permanences.models import Demarche, RendezVous
from permanences.services.disponibilites import (
    LIRE,
    creneau_propose,
    demarches_a_proposer,
    demarches_publiques,
    jours_libres_depuis,
    prochains_creneaux,
    version_de,
)
from permanences.services.notifications import (
    ics_rendez_vous,
    lieu,
    masquer_email,
    masquer_telephone,
)
from permanences.services.plus_tot import (
    arreter_plus_tot,
    demander_plus_tot,
    peut_demander,
    prendre_plus_tot,
    proposition,
)
from permanences.services.rendezvous import (
    CreneauPris,
    annuler_rendez_vous,
    deplacer_rendez_vous,
    reserver_rendez_vous,
    trouver_creneau,
)
from ruche.langues import langue_choisie, retenir_langue
from ruche.lieux_publics import au_lieu, lieu_public, url_lieu


@au_lieu
def demarches(request, lieu):
    if lieu is None:  # several places: the resident chooses one first
        return redirect("accueil")
    return render(
        request,
        "permanences/rendez_vous/demarches.html",
        {"demarches": demarches_a_proposer(request.version_offre, lieu)},
    )


def vers_le_lieu(request, slug, nom):
    """An address without a place, with several places: the page `nom` of the démarche
    `slug` at its place (an old link, a printed one), the list of places when several places
    have that démarche; None when none has it."""
    lieux = set(
        Demarche.objects.actives().filter(slug=slug).values_list("lieu__slug", flat=True)[:2]
    )
    if not lieux:
        return None
    if len(lieux) > 1:
        return redirect("accueil")
    adresse = reverse(f"lieu:{nom}", args=[lieux.pop(), slug])
    requete = request.META.get("QUERY_STRING")
    return redirect(f"{adresse}?{requete}" if requete else adresse)


def _lire_jour(texte):
    try:
        return date.fromisoformat(texte) if texte else None
    except ValueError:
        return None


def jours_libres(request, demarche, *, sauf=None, version=LIRE):
    """The page of free days that ?depuis= asks for: (days, the next page's `depuis`, a key
    of the content to cache its rendering, or None)."""
    return jours_libres_depuis(
        demarche=demarche,
        depuis=_lire_jour(request.GET.get("depuis")),
        sauf=sauf,
        version=version,
    )


def creneaux(request, demarche, version=LIRE):
    jours, suite, cle = jours_libres(request, demarche, version=version)
    return render(
        request,
        "permanences/rendez_vous/creneaux.html",
        {
            "demarche": demarche,
            "jours": jours,
            "suite": suite,
            "cle_creneaux": cle,
            "action": url_lieu("permanences:reserver_rendez_vous", request.lieu, demarche.slug),
            "premiere_page": not request.GET.get("depuis"),
        },
    )


def lien_invalide(request):
    return render(request, "permanences/rendez_vous/lien_invalide.html", status=404)


CLE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def cle_valide(texte):
    """A slug or a secret: anything else (NUL bytes, accents...) is a wrong link, not a query."""
    return CLE.fullmatch(texte) is not None


def trouver_rendez_vous(secret):
    if not cle_valide(secret):
        return None
    return (
        RendezVous.objects.select_related(
            "demarche", "occurrence__permanence__salle__lieu", "demande_plus_tot"
        )
        .filter(secret=secret, anonymise_le__isnull=True)
        .first()
    )


@never_cache
@au_lieu
def demarche_ou_rendez_vous(request, cle, lieu):
    """`/rendez-vous/<slug>/` lists a démarche's slots; `/rendez-vous/<secret>/` shows a
    booking to the person holding its link, whatever the number of places. Under a place's
    slug, only that place's démarches."""
    if not cle_valide(cle):
        return lien_invalide(request)
    if lieu is not None:
        demarche = demarches_publiques(request.version_offre, lieu).get(cle)
        if demarche is not None:
            return creneaux(request, demarche, version_de(demarche, lieu))
        if lieu.plusieurs:
            return lien_invalide(request)
    else:
        ailleurs = vers_le_lieu(request, cle, "demarche_ou_rendez_vous")
        if ailleurs is not None:
            return ailleurs
    rdv = trouver_rendez_vous(cle)
    if rdv is None:
        return lien_invalide(request)
    return render(request, "permanences/rendez_vous/detail.html", contexte_detail(request, rdv))


def au_lieu_du_rendez_vous(request, rdv):
    """A booking's pages speak for its place: their links (book again…), menu, header,
    footer and "call or come to…"."""
    lieu_du_rdv = rdv.occurrence.permanence.salle.lieu
    request.lieu = lieu_public(lieu_du_rdv.slug)[0] or lieu_du_rdv


def contexte_detail(request, rdv):
    """What the page of the secret link and its printable page show."""
    au_lieu_du_rendez_vous(request, rdv)
    return {
        "rdv": rdv,
        "lieu": lieu(rdv.occurrence.permanence.salle),
        "modifiable": rdv.modifiable(),
        "passe": rdv.fin <= timezone.now(),
        "lien": request.build_absolute_uri(
            reverse("permanences:demarche_ou_rendez_vous", args=[rdv.secret])
        ),
        "email_masque": masquer_email(rdv.email),
        "telephone_masque": masquer_telephone(rdv.telephone),
        "plus_tot": {
            "en_cours": getattr(getattr(rdv, "demande_plus_tot", None), "en_cours", False),
            "possible": peut_demander(rdv),
        },
    }


@never_cache
@require_safe
def imprimer(request, secret):
    """The appointment on one printable page: day, time, place, papers, the link."""
    rdv = trouver_rendez_vous(secret)
    if rdv is None:
        return lien_invalide(request)
    return render(request, "permanences/rendez_vous/imprimer.html", contexte_detail(request, rdv))


CODES_CRENEAU = {"creneau", "indisponible", "pris"}


@never_cache
@limite_par_adresse
@require_http_methods(["GET", "POST"])
@au_lieu
def reserver(request, slug, lieu):
    if not cle_valide(slug):
        return lien_invalide(request)
    if lieu is None:
        return vers_le_lieu(request, slug, "reserver_rendez_vous") or lien_invalide(request)
    demarche = demarches_publiques(request.version_offre, lieu).get(slug)
    if demarche is None:
        return lien_invalide(request)
    version = version_de(demarche, lieu)
    if request.method == "POST":
        form = ReservationForm(request.POST)
    else:
        form = ReservationForm(initial={"creneau": request.GET.get("creneau", "")})
    action = url_lieu("permanences:reserver_rendez_vous", lieu, demarche.slug)
    context = {"demarche": demarche, "form": form, "action": action}
    try:
        choisi = lire_valeur(form["creneau"].value() or "")
        if choisi is None:
            raise ValidationError(MESSAGE_CRENEAU, code="creneau")
        if request.method == "GET" and creneau_propose(
            demarche=demarche, valeur=choisi, version=version
        ):
            debut = choisi[1]  # free at the current version: no need to look it up again
        else:
            occurrence, debut = trouver_creneau(demarche=demarche, valeur=choisi)
        context.update(debut=debut, fin=debut + timedelta(minutes=demarche.duree_minutes))
        if request.method == "POST" and form.is_valid():
            quota = Quota(request, form)
            if not quota.prendre():
                return render(request, "permanences/rendez_vous/reserver.html", context, status=429)
            try:
                rdv = reserver_rendez_vous(
                    occurrence=occurrence,
                    demarche=demarche,
                    debut=debut,
                    langue=get_language(),
                    **contact(form),
                    consentement=form.cleaned_data["accepte"],
                )
            except ValidationError:
                quota.rendre()
                raise
            messages.success(request, _("C'est réservé. Gardez bien ce message."))
            return redirect("permanences:demarche_ou_rendez_vous", rdv.secret)
    except ValidationError as exc:
        if getattr(exc, "code", None) in CODES_CRENEAU:
            context.update(
                erreur=exc.messages[0],
                pris=exc.code == "pris",
                prochains=par_jour(prochains_creneaux(demarche=demarche, nombre=6)),
            )
        else:
            for message in exc.messages:
                form.add_error(None, message)
    statut_http = 409 if context.get("pris") and request.method == "POST" else 200
    return render(request, "permanences/rendez_vous/reserver.html", context, status=statut_http)


def _rendez_vous_ou_404(request, secret):
    rdv = trouver_rendez_vous(secret)
    if rdv is None:
        return None, lien_invalide(request)
    au_lieu_du_rendez_vous(request, rdv)
    return rdv, None


@never_cache
@limite_par_adresse
@require_http_methods(["GET", "POST"])
def deplacer(request, secret):
    rdv, refus = _rendez_vous_ou_404(request, secret)
    if refus:
        return refus
    context = {"rdv": rdv, "demarche": rdv.demarche}
    if not rdv.modifiable():
        return render(
            request, "permanences/rendez_vous/deplacer.html", {**context, "trop_tard": True}
        )
    donnees = request.POST if request.method == "POST" else request.GET
    form = DeplacementForm(donnees) if "creneau" in donnees else None
    if form is not None and form.is_valid():
        try:
            occurrence, debut = trouver_creneau(
                demarche=rdv.demarche, valeur=form.cleaned_data["creneau"], sauf=rdv
            )
            if request.method == "POST":
                deplacer_rendez_vous(
                    rendez_vous=rdv, occurrence=occurrence, debut=debut, langue=get_language()
                )
                messages.success(request, _("C'est changé. Voici votre nouveau rendez-vous."))
                return redirect("permanences:demarche_ou_rendez_vous", rdv.secret)
            context.update(
                choisi=form.cleaned_data["creneau"],
                valeur=donnees["creneau"],
                debut=debut,
                fin=debut + timedelta(minutes=rdv.demarche.duree_minutes),
            )
            return render(
                request, "permanences/rendez_vous/deplacer.html", {**context, "form": form}
            )
        except ValidationError as exc:
            context["erreur"] = exc.messages[0]
    elif form is not None:
        context["erreur"] = form.errors["creneau"][0]
    jours, suite, _cle = jours_libres(request, rdv.demarche, sauf=rdv)
    context.update(
        jours=jours, suite=suite, action=reverse("permanences:deplacer", args=[rdv.secret])
    )
    return render(request, "permanences/rendez_vous/deplacer.html", context)


@never_cache
@limite_par_adresse
@require_http_methods(["GET", "POST"])
def annuler(request, secret):
    rdv, refus = _rendez_vous_ou_404(request, secret)
    if refus:
        return refus
    context = {"rdv": rdv, "lieu": lieu(rdv.occurrence.permanence.salle)}
    if request.method == "POST":
        try:
            annuler_rendez_vous(rendez_vous=rdv)
        except ValidationError as exc:
            context["erreur"] = exc.messages[0]
        else:
            messages.success(request, _("Votre rendez-vous est annulé."))
            return redirect("permanences:demarche_ou_rendez_vous", rdv.secret)
    context["annulable"] = rdv.statut == RendezVous.Statut.RESERVE and rdv.modifiable()
    return render(request, "permanences/rendez_vous/annuler.html", context)


@never_cache
@limite_par_adresse
@require_POST
def prevenir_plus_tot(request, secret):
    """The resident asks to be told of an earlier time (prevenir=oui), or stops (non)."""
    rdv, refus = _rendez_vous_ou_404(request, secret)
    if refus:
        return refus
    if request.POST.get("prevenir") == "non":
        if arreter_plus_tot(rendez_vous=rdv):
            messages.success(request, _("C'est fait : nous ne vous prévenons plus."))
    else:
        try:
            demander_plus_tot(rendez_vous=rdv)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, _("C'est noté : nous vous prévenons si une heure se libère plus tôt.")
            )
    return redirect("permanences:demarche_ou_rendez_vous", rdv.secret)


@never_cache
@limite_par_adresse
@require_http_methods(["GET", "POST"])
def plus_tot(request, secret):
    """The page an earlier-time alert opens: that time, and one button that takes it; if
    someone took it first, the resident is told so and keeps their appointment. It reads in
    the booking's language, unless the visitor chose one with the switch."""
    rdv, refus = _rendez_vous_ou_404(request, secret)
    if refus:
        return refus
    choisie = langue_choisie(request)
    if choisie is None:
        translation.activate(rdv.langue)
        request.LANGUAGE_CODE = rdv.langue
    propose = proposition(rdv)
    if propose is None:
        response = redirect("permanences:demarche_ou_rendez_vous", rdv.secret)
    else:
        response = _plus_tot(request, rdv, propose)
    return response if choisie else retenir_langue(request, response, rdv.langue)


def _plus_tot(request, rdv, propose):
    context = {**contexte_detail(request, rdv), "demande": rdv.demande_plus_tot}
    statut_http = 200
    try:
        occurrence, debut = trouver_creneau(demarche=rdv.demarche, valeur=propose, sauf=rdv)
        if not rdv.modifiable() or debut >= rdv.debut:
            raise ValidationError(_("Cette heure n'est plus proposée."), code="indisponible")
        if request.method == "POST":
            if request.POST.get("creneau") != Creneau(debut, debut, occurrence.pk).valeur:
                raise ValidationError(_("Cette heure n'est plus proposée."), code="indisponible")
            prendre_plus_tot(
                rendez_vous=rdv, occurrence=occurrence, debut=debut, langue=get_language()
            )
            messages.success(request, _("C'est changé. Voici votre nouveau rendez-vous."))
            return redirect("permanences:demarche_ou_rendez_vous", rdv.secret)
    except CreneauPris:
        statut_http = 409 if request.method == "POST" else 200
        context["pris"] = True
    except ValidationError:
        context["pris"] = True
    else:
        context.update(
            debut=debut,
            fin=debut + timedelta(minutes=rdv.demarche.duree_minutes),
            valeur=Creneau(debut, debut, occurrence.pk).valeur,
        )
    return render(request, "permanences/rendez_vous/plus_tot.html", context, status=statut_http)


@never_cache
def agenda(request, secret):
    rdv, refus = _rendez_vous_ou_404(request, secret)
    if refus:
        return refus
    annule = rdv.statut in (RendezVous.Statut.ANNULE_HABITANT, RendezVous.Statut.ANNULE_ASSOCIATION)
    response = HttpResponse(ics_rendez_vous(rdv, annule=annule), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response
