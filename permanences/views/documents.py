"""The printable day sheet (PDF) and the private calendar feed (ICS) of a volunteer."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar, Event

from permanences.models import JetonCalendrier, Occurrence
from permanences.views.base import EspaceScopeMixin
from ruche.pdf import pdf_response, render_pdf
from ruche.roles import BENEVOLE, PERSONNEL, has_role

# Empty lines on the day sheet, for residents who come without an appointment.
LIGNES_A_REMPLIR = 10
# The feed covers recent and coming sessions only, so it stays small over the years.
FLUX_PASSE = timedelta(days=90)
FLUX_AVENIR = timedelta(days=400)


class FeuilleView(EspaceScopeMixin, View):
    def get(self, request, pk):
        occurrence = get_object_or_404(self.occurrences(), pk=pk)
        content = render_pdf(
            "permanences/pdf/feuille.html",
            {"occurrence": occurrence, "lignes": range(LIGNES_A_REMPLIR)},
        )
        return pdf_response(content, f"permanence-{occurrence.date.isoformat()}.pdf")


class AgendaView(EspaceScopeMixin, TemplateView):
    """Create, change or remove the secret address of one's calendar feed."""

    template_name = "permanences/espace/agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jeton = JetonCalendrier.objects.filter(utilisateur=self.request.user).first()
        context["jeton"] = jeton
        if jeton is not None:
            path = reverse("permanences:agenda_ics", kwargs={"cle": jeton.cle})
            context["adresse"] = self.request.build_absolute_uri(path)
            context["adresse_webcal"] = "webcal://" + context["adresse"].split("://", 1)[1]
        return context

    def post(self, request):
        action = request.POST.get("action")
        JetonCalendrier.objects.filter(utilisateur=request.user).delete()
        if action == "supprimer":
            messages.success(request, _("L'ancienne adresse ne marche plus."))
        else:
            JetonCalendrier.objects.create(utilisateur=request.user)
            messages.success(request, _("Votre adresse d'agenda est prête."))
        return redirect("permanences:agenda")


def _evenement(occurrence):
    event = Event()
    event.add("uid", f"seance-{occurrence.pk}@ruche-numerique")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", occurrence.debut)
    event.add("dtend", occurrence.fin)
    organisation = occurrence.permanence.organisation
    event.add("summary", _("Permanence %(org)s") % {"org": organisation.sigle or organisation.nom})
    event.add("location", _("La Ruche numérique, %(salle)s") % {"salle": occurrence.salle})
    lines = [demarche.nom for demarche in occurrence.permanence.demarches.all()]
    if occurrence.est_annulee:
        event.add("status", "CANCELLED")
        lines.insert(0, _("Non maintenue : %(motif)s") % {"motif": occurrence.motif_annulation})
    else:
        event.add("status", "CONFIRMED")
    event.add("description", "\n".join(lines))
    return event


class AgendaIcsView(View):
    """The feed itself: no login (phones cannot log in), the secret address is the key."""

    def get(self, request, cle):
        jeton = JetonCalendrier.objects.select_related("utilisateur").filter(cle=cle).first()
        if jeton is None or not has_role(jeton.utilisateur, BENEVOLE, PERSONNEL):
            raise Http404
        user = jeton.utilisateur
        now = timezone.now()
        occurrences = (
            Occurrence.objects.visibles_par(user)
            .entre(now - FLUX_PASSE, now + FLUX_AVENIR)
            .select_related("permanence__organisation", "reservation__salle")
            .prefetch_related("permanence__demarches")
        )
        calendar = Calendar()
        calendar.add("prodid", "-//La Ruche numérique//Permanences//FR")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Permanences à la Ruche numérique"))
        calendar.add("x-wr-timezone", "Europe/Paris")
        for occurrence in occurrences:
            calendar.add_component(_evenement(occurrence))
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="permanences.ics"'
        response["Cache-Control"] = "private, no-store"
        return response
