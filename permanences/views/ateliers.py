"""Public workshop pages: list, register (or join the waiting list), cancel from the link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from permanences.antiabus import Quota, limite_par_adresse
from permanences.forms.rendezvous import CoordonneesForm, contact
from permanences.models import Atelier, Inscription
from permanences.selecteurs.ateliers import ateliers_publics, offerts
from permanences.services.ateliers import annuler_inscription, inscrire
from permanences.services.notifications import lieu as lieu_ecrit
from permanences.views.rendezvous import cle_valide
from ruche.lieux_publics import au_lieu, url_lieu


@au_lieu
def ateliers(request, lieu):
    if lieu is None:  # several places: the resident chooses one first
        return redirect("accueil")
    ateliers, cle = ateliers_publics(lieu=lieu)
    return render(
        request, "permanences/ateliers/liste.html", {"ateliers": ateliers, "cle_ateliers": cle}
    )


@never_cache
@limite_par_adresse
@require_http_methods(["GET", "POST"])
@au_lieu
def atelier(request, pk, lieu):
    ateliers = Atelier.objects.a_venir().avec_places().select_related("salle__lieu").filter(pk=pk)
    if lieu is not None:
        ateliers = ateliers.filter(salle__lieu=lieu)
    atelier = ateliers.first()
    if atelier is None or not offerts([atelier]):
        return render(request, "permanences/ateliers/introuvable.html", status=404)
    if lieu is None:  # an address without a place, with several places: the workshop's own
        return redirect(url_lieu("permanences:atelier", atelier.salle.lieu, pk, plusieurs=True))
    # An empty post is still a post: its form shows what is missing.
    form = CoordonneesForm(request.POST if request.method == "POST" else None)
    form.fields["accepte"].label = _(
        "J'accepte que l'on garde mon nom et mon contact pour cet atelier."
    )
    statut_http = 200
    quota = None
    if request.method == "POST" and form.is_valid():
        quota = Quota(request, form)
        if not quota.prendre():
            statut_http = 429
    if statut_http == 200 and quota is not None:
        try:
            inscription = inscrire(
                atelier=atelier,
                langue=get_language(),
                **contact(form),
                consentement=form.cleaned_data["accepte"],
            )
        except ValidationError as exc:
            quota.rendre()
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if inscription.statut == Inscription.Statut.INSCRIT:
                messages.success(request, _("C'est fait : votre place est réservée."))
            else:
                messages.info(
                    request, _("L'atelier est complet : vous êtes sur la liste d'attente.")
                )
            return redirect("permanences:inscription", inscription.secret)
    return render(
        request,
        "permanences/ateliers/detail.html",
        {
            "atelier": atelier,
            "form": form,
            "lieu": lieu_ecrit(atelier.salle),
            "complet": atelier.nb_inscrits >= atelier.capacite,
        },
        status=statut_http,
    )


def _inscription(secret):
    if not cle_valide(secret):
        return None
    return (
        Inscription.objects.select_related("atelier__salle__lieu")
        .filter(secret=secret, anonymise_le__isnull=True)
        .first()
    )


@never_cache
def inscription(request, secret):
    inscription = _inscription(secret)
    if inscription is None:
        return render(request, "permanences/rendez_vous/lien_invalide.html", status=404)
    return render(
        request,
        "permanences/ateliers/inscription.html",
        {
            "inscription": inscription,
            "lieu": lieu_ecrit(inscription.atelier.salle),
            "now": timezone.now(),
        },
    )


@never_cache
@limite_par_adresse
@require_POST
def annuler_inscription_view(request, secret):
    inscription = _inscription(secret)
    if inscription is None:
        return render(request, "permanences/rendez_vous/lien_invalide.html", status=404)
    try:
        annuler_inscription(inscription=inscription)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect("permanences:inscription", inscription.secret)
