"""The staff's day board, where they land after login: the visitor counter with its
one-tap buttons, the day's sessions, appointments and workshops, and the alerts the apps
register (ruche/alertes.py). A fixed number of queries, whatever the day holds."""

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from permanences.models import Atelier, Occurrence
from ruche.access import PersonnelMixin
from ruche.alertes import DUREE_CACHE, alertes_en_html
from ruche.messages import SUR_PLACE
from ruche.models import Passage
from ruche.passages.forms import PassageForm
from ruche.passages.services import enregistrer_passage
from ruche.portees_personnel import (
    noms_inscriptions,
    noms_passages,
    noms_rendez_vous,
    version_des_inscriptions,
    version_des_passages,
    version_du_jour,
    version_personnelle,
)
from ruche.versions import cle_personnelle

GABARIT_CONTENU = "permanences/personnel/_journee.html"
GABARIT_ALERTES = "permanences/personnel/_journee_alertes.html"


def passages_du_jour(utilisateur, jour):
    """{kind of support: visits} of the day at the person's places, counted once per version
    of their visits (ruche.portees_personnel: a visit recorded or corrected there gives a new
    one; a booking, or a visit at another place, does not)."""
    valeur = version_des_passages(utilisateur)
    cle = f"passages-du-jour:{jour}:{valeur}"
    comptes = cache.get(cle) if valeur is not None else None
    if comptes is None:
        comptes = dict(
            Passage.objects.des_lieux_de(utilisateur)
            .du_jour(jour)
            .order_by()
            .values_list("accompagnement")
            .annotate(n=Count("pk"))
        )
        if valeur is not None:
            cache.set(cle, comptes, DUREE_CACHE)
    return comptes


# Where the messages after a tap go in the kept board (they are the request's own).
MARQUE_MESSAGES = "<!--messages-sur-place-->"
MESSAGES_VIDES = '<div class="messages-sur-place" role="status"></div>'


class JourneeView(PersonnelMixin, TemplateView):
    template_name = "permanences/personnel/journee.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contenu"] = mark_safe(self.contenu())  # our templates' render
        return context

    def contenu(self):
        """The board, kept in the cache whole under the versions of everything it shows (the
        person's appointments, workshop registrations and visits, and the rest of the staff
        pages' data: ruche.portees_personnel) with the instant its first alert ends: a warm
        hit reads one entry and renders nothing of it. Rendered again, its alerts, counter
        buttons, sessions and workshops come from their own entries, each under the versions
        of what it shows: a visit typed renders the counter again, not the sessions."""
        request, utilisateur = self.request, self.request.user
        valeur = version_personnelle(
            *noms_rendez_vous(utilisateur),
            *noms_inscriptions(utilisateur),
            *noms_passages(utilisateur),
        )
        cle = cle_personnelle(request, valeur)
        maintenant = timezone.now()
        trouve = cache.get(f"journee:{cle}") if cle is not None else None
        if trouve is not None and (trouve[1] is None or trouve[1] > maintenant):
            html = trouve[0]
        else:
            html, jusqua = self.rendre()
            if cle is not None and (jusqua is None or jusqua > maintenant):
                cache.set(f"journee:{cle}", (html, jusqua), DUREE_CACHE)
        return html.replace(MARQUE_MESSAGES, self.messages_sur_place(), 1)

    def messages_sur_place(self):
        """The messages of a tap, beside the buttons (read where base.html reads the others)."""
        if not any(SUR_PLACE in m.extra_tags for m in messages.get_messages(self.request)):
            return MESSAGES_VIDES
        return render_to_string("_messages_sur_place.html", request=self.request)

    def rendre(self):
        """(html of the board, instant its first alert ends or None)."""
        request, utilisateur = self.request, self.request.user
        jour = timezone.localdate()
        comptes = passages_du_jour(utilisateur, jour)
        # The sessions and workshops change with the appointments and registrations of the
        # person's places; the alerts with their registrations (the waiting lists), not with
        # a booking nor a visit (ruche.portees_personnel).
        version_occurrences = version_du_jour(utilisateur)
        alertes, jusqua = alertes_en_html(
            utilisateur,
            jour,
            valeur=version_des_inscriptions(utilisateur),
            rendre=lambda alertes: render_to_string(GABARIT_ALERTES, {"alertes": alertes}),
        )
        html = render_to_string(
            GABARIT_CONTENU,
            {
                "jour": jour,
                "nb_passages": sum(comptes.values()),
                "boutons": [
                    (valeur, libelle, comptes.get(valeur, 0))
                    for valeur, libelle in Passage.Accompagnement.choices
                ],
                "alertes": mark_safe(alertes),  # rendered from our template
                "marque_messages": mark_safe(MARQUE_MESSAGES),
                # The buttons (with the person's CSRF token) at the version of their visits.
                "cle_boutons": cle_personnelle(request, version_des_passages(utilisateur)),
                # Built only when the part below is rendered (templates call callables).
                "occurrences": lambda: (
                    Occurrence.objects.visibles_par(utilisateur)
                    .filter(date=jour)
                    .select_related("permanence__organisation", "reservation__salle")
                    .avec_liste_rendez_vous()
                    .order_by("debut", "pk")
                ),
                "ateliers": lambda: (
                    Atelier.objects.visibles_par(utilisateur)
                    .filter(debut__date=jour)
                    .avec_places()
                    .select_related("salle", "organisation")
                    .order_by("debut", "pk")
                ),
                # The day's sessions and workshops, rendered once per version for each
                # person and language: their querysets are not even built on a hit.
                "cle_occurrences": (
                    f"{version_occurrences}:{jour}:{utilisateur.pk}:{get_language()}"
                    if version_occurrences is not None
                    else None
                ),
            },
            request=request,
        )
        return html, jusqua

    def post(self, request):
        """One tap records a visit of that kind, with no other detail (the visitor log
        takes the details)."""
        form = PassageForm({"accompagnement": request.POST.get("accompagnement")})
        if form.is_valid():
            passage = enregistrer_passage(auteur=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Passage enregistré : %(passage)s.")
                % {"passage": passage.get_accompagnement_display()},
                extra_tags=SUR_PLACE,
            )
        else:
            messages.error(
                request,
                _("Appuyez sur un des boutons pour enregistrer un passage."),
                extra_tags=SUR_PLACE,
            )
        # Back at the counter, not at the top of the page: the next tap is at hand.
        return redirect(reverse("permanences:journee") + "#passages")
